"""The community charter's version: the date it was last changed.

Change it whenever templates/pages/charte_contenu.html (the charter's text, shown on /charte/)
changes in substance: members who accepted an older version are then asked to accept the new one.
"""

import datetime

CHARTER_VERSION = datetime.date(2026, 11, 26)
