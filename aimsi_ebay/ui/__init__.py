"""ipywidgets components. They call operations and hold no business rules and no SQL."""
