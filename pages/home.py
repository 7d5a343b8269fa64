"""Home: the lecture's six lessons, each with what a student will see."""
from ui.lessons import home

home.render()
