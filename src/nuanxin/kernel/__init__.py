"""The bottom floor: plain helpers every app may use (errors, coordinates, http, plug-ins)."""
