"""One module per lesson: the demos built on the engine in sim/, named as pages/, ui/ and viz/."""
