"""One widget per screen: the case list, the case file, the follow-ups due."""
