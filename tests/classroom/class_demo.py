"""A tiny app for AppTest: the class panel and two questions (not a lesson page; the lessons attach
questions to their scenes later)."""
from classroom.question import Question
from ui.classmode.asking import ask
from ui.classmode.room import class_panel

class_panel()
ask(Question("demo.mc", "Which learning rate gives the plateau?", truth="b", why="Too small a step barely moves.",
             options={"a": "1e-1", "b": "1e-6", "c": "1e6"}))
ask(Question("demo.num", "Initial loss with 10 classes?", truth=2.302585, why="-ln(1/10) = ln 10."))
