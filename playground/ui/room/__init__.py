"""The live room on the page: a participant's task, the host's board and buttons,
"Start a room". The store itself is ``playground.room``, with no Streamlit."""
