from django.dispatch import Signal

# Sent by `load_territoire` once communes and intercommunalités are (re)loaded, so that apps
# drop what they derived from the geometries (simplified shapes in the cache, …).
territory_loaded = Signal()
