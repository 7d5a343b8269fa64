"""Class mode: asking and answering, the room, teacher-paced pacing, the push, browser memory, the report."""
