"""Demo news (invented, and each says so), so `make run` shows a living Actualités tab.

Idempotent: an item is found again by its title's slug and left as it is.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from tousvoisins.models import Intercommunalite, Theme

from .models import TEAM_SIGNATURE, NewsItem

EXAMPLE_NOTICE = "*Ceci est une actualité d'exemple, inventée pour montrer le site.*"
NANTES_METROPOLE = "244400404"
CAP_ATLANTIQUE = "244400610"
CARENE = "244400644"
PAYS_ANCENIS = "244400552"
CHATEAUBRIANT_DERVAL = "200072726"
PORNIC = "200067346"


@dataclass
class Demo:
    title: str
    lead: str
    body: str
    themes: list
    siren: str = ""
    days_ago: int = 1
    signature: str = TEAM_SIGNATURE
    status: str = NewsItem.Status.PUBLISHED
    extra: list = field(default_factory=list)
    summary: str = ""  # "En bref": one or two short sentences in everyday words


NEWS = [
    Demo(
        "Les cafés-emploi reprennent dans tout le département",
        "Chaque semaine, des rencontres sans inscription pour parler de sa recherche d'emploi autour "
        "d'un café. Elles reprennent dans une vingtaine de communes.",
        "Les **cafés-emploi** sont ouverts à toutes et à tous, avec ou sans CV.\n\n"
        "On y trouve :\n\n- des conseils pour préparer un entretien ;\n- des offres du coin ;\n"
        "- des personnes qui cherchent aussi, pour ne pas rester seul.\n\n"
        "Les dates sont dans [l'agenda](/agenda/?theme=emploi).",
        ["emploi"],
        summary="Les cafés-emploi reprennent chaque semaine. On y parle de sa recherche d'emploi, sans "
        "inscription.",
        days_ago=2,
        signature="Sophie (exemple)",
    ),
    Demo(
        "Un nouveau local pour la ressourcerie de Guérande",
        "La ressourcerie déménage dans un local plus grand, de plain-pied. Meubles, vaisselle et "
        "vêtements à petit prix, et un atelier de réparation le samedi.",
        "Le nouveau local est ouvert du mercredi au samedi.\n\n"
        "Vous pouvez y **déposer** ce dont vous ne vous servez plus, ou venir apprendre à réparer "
        "un petit appareil avec les bénévoles.",
        ["solidarite", "logement"],
        summary="À Guérande, la boutique de seconde main change de local. On y trouve des meubles et des "
        "vêtements à petit prix.",
        siren=CAP_ATLANTIQUE,
        days_ago=4,
        signature="Yann (exemple)",
    ),
    Demo(
        "Se déplacer sans voiture autour de Châteaubriant",
        "Transport à la demande, covoiturage solidaire, vélos à assistance électrique prêtés pour un "
        "mois : le point sur les solutions près de chez vous.",
        "Vivre loin d'une gare n'empêche pas de se déplacer.\n\n"
        "- **Transport à la demande** : réservez la veille par téléphone.\n"
        "- **Covoiturage solidaire** : des bénévoles conduisent vers un rendez-vous médical ou un "
        "entretien d'embauche.\n- **Vélo électrique** : un prêt gratuit d'un mois pour essayer.",
        ["mobilite"],
        summary="Bus à la demande, voiture partagée, vélo prêté : voici comment se déplacer sans voiture "
        "près de Châteaubriant.",
        siren=CHATEAUBRIANT_DERVAL,
        days_ago=6,
    ),
    Demo(
        "Ateliers numériques gratuits dans les médiathèques de la métropole",
        "Apprendre à se servir d'une tablette, faire ses démarches en ligne, envoyer une photo à sa "
        "famille : des ateliers en petits groupes, sans jugement.",
        "Les ateliers durent une heure et demie. Les tablettes sont prêtées sur place.\n\n"
        "Venez avec vos questions : il n'y en a pas de bêtes.",
        ["solidarite", "loisirs-culture-sport"],
        summary="Les médiathèques de la métropole proposent des ateliers gratuits. On y apprend à se servir "
        "d'une tablette ou d'un téléphone.",
        siren=NANTES_METROPOLE,
        days_ago=9,
        signature="Claire (exemple)",
    ),
    Demo(
        "Marcher ensemble le long de l'estuaire",
        "Un groupe de marche douce se retrouve chaque jeudi matin à Saint-Nazaire. Le rythme est "
        "tranquille, le parcours adapté à chacun.",
        "Rendez-vous à 9 h 30 devant la maison de quartier. Prévoyez de bonnes chaussures et de l'eau.\n\n"
        "> « Je ne connaissais personne en arrivant. Maintenant, le jeudi, c'est sacré. »",
        ["sante-bien-etre", "loisirs-culture-sport"],
        summary="Un groupe marche chaque jeudi matin à Saint-Nazaire. On va doucement, chacun à son rythme.",
        siren=CARENE,
        days_ago=12,
        signature="Karim (exemple)",
    ),
    Demo(
        "Trouver un logement quand on est jeune et qu'on commence à travailler",
        "Colocation intergénérationnelle, foyers de jeunes travailleurs, aides au premier loyer : "
        "les pistes qui existent en Loire-Atlantique.",
        "Un premier emploi loin de chez soi pose vite la question du logement.\n\n"
        "La **colocation intergénérationnelle** permet de louer une chambre chez une personne âgée "
        "contre un peu de présence. Les **foyers de jeunes travailleurs** proposent des studios "
        "meublés. Des aides existent pour le dépôt de garantie.",
        ["logement", "emploi"],
        summary="Vous êtes jeune et vous commencez à travailler ? Voici les aides pour trouver un logement.",
        days_ago=15,
    ),
    Demo(
        "Fête des voisins solidaires au Pays d'Ancenis",
        "Les associations du territoire organisent une journée de rencontres : repas partagé, jeux, "
        "troc de plantes et de livres.",
        "Chacun apporte un plat à partager. Des jeux pour les enfants et les grands.\n\n"
        "Une navette gratuite passe par les communes voisines : demandez les horaires à la mairie.",
        ["solidarite", "loisirs-culture-sport"],
        summary="Une journée de fête au Pays d'Ancenis : repas partagé, jeux, échange de plantes et de "
        "livres.",
        siren=PAYS_ANCENIS,
        days_ago=20,
        signature="Gaëlle (exemple)",
    ),
    Demo(
        "Prendre soin de soi : des permanences d'écoute près de Pornic",
        "Des professionnels et des bénévoles formés vous écoutent, gratuitement et sans rendez-vous, "
        "une fois par mois.",
        "Parler fait du bien. Ces permanences sont **confidentielles**.\n\n"
        "Elles ont lieu le premier mardi du mois, de 14 h à 17 h.",
        ["sante-bien-etre"],
        summary="Près de Pornic, des personnes vous écoutent une fois par mois. C'est gratuit et sans "
        "rendez-vous.",
        siren=PORNIC,
        days_ago=26,
    ),
    Demo(
        "Réparer son vélo soi-même : les ateliers partagés",
        "Des ateliers où l'on apprend à réparer son vélo avec des outils prêtés et des bénévoles "
        "patients. Une bonne façon de rencontrer ses voisins.",
        "Crevaison, freins, dérailleur : on vous montre, vous faites.\n\n"
        "La participation est libre. Les pièces d'occasion sont à prix coûtant.",
        ["mobilite", "loisirs-culture-sport"],
        summary="Dans ces ateliers, on apprend à réparer son vélo avec des bénévoles. Les outils sont "
        "prêtés.",
        siren=NANTES_METROPOLE,
        days_ago=33,
    ),
    Demo(
        "Bienvenue sur Tous voisins 44",
        "Le site du Département pour se rencontrer près de chez soi, autour de ce qu'on aime. "
        "Tout est gratuit et ouvert à toutes et à tous.",
        "Sur Tous voisins 44, vous trouvez :\n\n- l'**agenda** des rencontres gratuites ;\n"
        "- les **référents** qui vous accueillent ;\n- les **actualités** des thèmes et des territoires.\n\n"
        "Une question ? [Écrivez-nous](/contact/).",
        ["solidarite", "mobilite", "emploi", "logement", "loisirs-culture-sport", "sante-bien-etre"],
        summary="Voici le site du Département pour se rencontrer près de chez soi. Tout est gratuit et "
        "ouvert à tous.",
        days_ago=40,
    ),
    Demo(
        "Le forum ouvre bientôt",
        "Un espace pour discuter et s'entraider arrive sur le site. Cette actualité est un brouillon.",
        "Nous préparons le forum.",
        ["solidarite"],
        summary="Bientôt, un forum pour discuter et s'entraider sur le site.",
        days_ago=0,
        status=NewsItem.Status.DRAFT,
    ),
]


@transaction.atomic
def seed_demo():
    existing = set(NewsItem.objects.values_list("slug", flat=True))
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    territories = dict(Intercommunalite.objects.values_list("siren", "pk"))
    now = timezone.now()
    created = 0
    for demo in NEWS:
        if slugify(demo.title) in existing:
            continue
        item = NewsItem.objects.create(
            title=demo.title,
            summary=demo.summary,
            lead=demo.lead,
            body=f"{demo.body}\n\n{EXAMPLE_NOTICE}",
            intercommunalite_id=territories.get(demo.siren),
            status=demo.status,
            published_at=now - timedelta(days=demo.days_ago, hours=demo.days_ago % 5),
            signature=demo.signature,
        )
        item.themes.set([themes[slug] for slug in demo.themes if slug in themes])
        created += 1
    return f"{created} actualité(s) d'exemple ajoutée(s) ({len(NEWS)} en tout)"
