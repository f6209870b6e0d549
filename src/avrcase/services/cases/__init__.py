"""Cases: registering and editing, the case file, stage moves and their history, counselling."""
