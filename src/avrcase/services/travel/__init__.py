"""Travel logistics (issue #4): travel documents and visas, itineraries, arrangements, the departures board."""
