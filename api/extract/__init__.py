"""The extraction pipeline: bytes -> text -> layout -> language model -> quotes and entities.

Pure code: nothing here imports Flask or talks to the database.
"""
