"""The pages every browser test walks: later issues add their own pages here.

Each entry is (path, a fragment of the expected <title>, needs_login). The fragment is matched
case-insensitively against the whole title, which must also end in " — Tous voisins 44".
A page that needs some data to exist (an event, a news item) belongs in that issue's own test
under tests/browser/: create the data, `page.goto(...)`, then
`checks.assert_accessible(page, Page(path, title), console_messages, failed_responses)`.
"""

from typing import NamedTuple


class Page(NamedTuple):
    path: str
    title: str
    needs_login: bool = False


PAGES = [
    Page("/", "Accueil"),
    # The six tabs.
    Page("/agenda/", "Agenda"),
    # The large-print programme of Nantes Métropole (it says so when no event is planned).
    Page("/agenda/imprimer/244400404/gros-caracteres/", "Programme en gros caractères"),
    Page("/referents/", "Référents"),
    Page("/actualites/", "Actualités"),
    Page("/liens-utiles/", "Liens utiles"),
    Page("/forum/", "Forum"),
    Page("/forum/recherche/", "Rechercher dans le forum"),
    Page("/forum/trucs-et-astuces/", "Forum — Trucs et astuces"),
    Page("/membres/", "Membres"),
    Page("/coups-de-pouce/", "Coups de pouce"),
    Page("/coups-de-pouce/publier/", "Publier un coup de pouce", needs_login=True),
    Page("/communautes/", "Communautés"),
    # Legal and help pages.
    Page("/mentions-legales/", "Mentions légales"),
    Page("/accessibilite/", "Accessibilité"),
    Page("/donnees-personnelles/", "Données personnelles"),
    Page("/plan-du-site/", "Plan du site"),
    Page("/aide/", "Aide"),
    Page("/confort-de-lecture/", "Confort de lecture"),
    Page("/charte/", "Charte"),
    Page("/territoire/", "Les intercommunalités et leurs communes"),
    Page("/territoire/244400404/", "Nantes Métropole : une intercommunalité"),
    Page("/contact/", "Contact"),
    Page("/contact/merci/", "Message envoyé"),
    Page("/donnees-ouvertes/", "Données ouvertes"),
    # Accounts (django-allauth).
    Page("/comptes/login/", "Se connecter"),
    Page("/comptes/signup/", "Créer un compte"),
    Page("/comptes/password/reset/", "Mot de passe oublié"),
    Page("/comptes/password/change/", "Changer de mot de passe", needs_login=True),
    Page("/comptes/email/", "Adresses e-mail", needs_login=True),
    Page("/comptes/2fa/", "Double vérification", needs_login=True),
    Page("/comptes/langue/", "Langue du site et des e-mails", needs_login=True),
    Page("/compte-supprime/", "Compte supprimé"),
]

# Pages walked by their tab's own browser test (with the data they need): listed here too so
# that the title check covers them.
WALKED_ELSEWHERE = [
    Page("/agenda/carte/", "Carte de l'agenda"),
    Page("/agenda/proposer/", "Proposer une rencontre", needs_login=True),
    Page("/agenda/mes-propositions/", "Mes propositions", needs_login=True),
    Page("/agenda/mes-participations/", "Mes participations", needs_login=True),
    Page("/referents/carte/", "Carte des référents"),
    Page("/referents/trouver/", "Qui est mon référent"),
    Page("/mon-profil/", "Mon profil", needs_login=True),
    Page("/mon-profil/rencontres/", "Mes affinités", needs_login=True),
    Page("/mon-profil/mes-donnees/", "Mes données", needs_login=True),
    Page("/mon-profil/membres-bloques/", "Membres bloqués", needs_login=True),
    Page("/mon-profil/supprimer-mon-compte/", "Supprimer mon compte", needs_login=True),
    Page("/messages/", "Mes messages", needs_login=True),
]

# Forms checked again after an empty submission: the error state must pass the same checks,
# and its title says there is an error.
FORMS_WITH_ERRORS = [
    Page("/contact/", "Erreur — Contact"),
    Page("/comptes/signup/", "Erreur — Créer un compte"),
]

# An address that matches no page: the 404 page is a page too.
NOT_FOUND = Page("/cette-page-n-existe-pas/", "Page introuvable")
