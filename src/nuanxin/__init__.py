"""Nuanxin (暖新): services, care and governance for new employment groups."""
