"""The affordability calculator: loan maths, free-text figures, rendering."""
