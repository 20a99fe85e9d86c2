"""The words members use for what they like, share and want to learn, and the three sets of them."""

from django.contrib.gis.db import models
from django.db.models import Exists, OuterRef, Value
from django.db.models.functions import Replace
from django.utils.translation import gettext_lazy as _
from taggit.models import ItemBase, TagBase

from tousvoisins.search import suggestion

from ..tags import clean_label, tag_key


def _joined(key):
    # A key without its hyphens: "co-voiturage" and "covoiturage" meet, as "jeux de société"
    # and "jeux-de-société" already do.
    return Replace(key, Value("-"), Value(""))


class TagQuerySet(models.QuerySet):
    def for_search(self, text):
        """The tags a member's search for `text` means: same key, hyphens aside ("covoiturage"
        finds "co-voiturage"); the key already folds accents, plurals and synonyms (profiles.tags)."""
        return self.alias(joined_key=_joined("slug")).filter(joined_key=tag_key(text).replace("-", ""))

    def ids_for_search(self, text):
        """[id] of the tags for_search(text) finds, in no order (one query by the key's index)."""
        return list(self.for_search(text).order_by().values_list("pk", flat=True))

    def unused(self):
        """The words nothing refers to (no profile, no coup de pouce), whatever refers to Tag."""
        queryset = self
        for relation in Tag._meta.related_objects:
            queryset = queryset.filter(**{f"{relation.name}__isnull": True})
        return queryset

    def free(self):
        """Words members wrote themselves, not the suggestions the site offers."""
        from ..suggestions import LABEL_BY_KEY

        return self.exclude(slug__in=LABEL_BY_KEY)

    def search_suggestion(self, text):
        """A nearer spelling of `text` among the interests members have ("cuisne" → "cuisine"), or ''."""
        used = self.filter(Exists(InterestItem.objects.filter(tag=OuterRef("pk"))))
        return suggestion(text, used, "name")

    def for_labels(self, labels):
        """The tags of `labels` (shown forms), created when new; one per key, in the given order."""
        from ..suggestions import LABEL_BY_KEY

        wanted = {}
        for label in labels:
            key = tag_key(label)
            if key and key not in wanted:
                wanted[key] = LABEL_BY_KEY.get(key) or clean_label(label)
        existing = {tag.slug: tag for tag in self.filter(slug__in=wanted)}
        missing = [Tag(name=label, slug=key) for key, label in wanted.items() if key not in existing]
        if missing:
            # Two members may add the same new word at once: the key is unique, the loser reads it.
            self.bulk_create(missing, ignore_conflicts=True)
            existing = {tag.slug: tag for tag in self.filter(slug__in=wanted)}
        return [existing[key] for key in wanted if key in existing]


class Tag(TagBase):
    """A word members use. `name` is shown; `slug` holds the comparison key (profiles.tags)."""

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("mot-clé")
        verbose_name_plural = _("mots-clés")
        indexes = [models.Index(_joined("slug"), name="tag_joined_key_idx")]

    def slugify(self, tag, i=None):
        return tag_key(tag)


def _profile_item(class_name, *, key, related_name, verbose_name, verbose_name_plural):
    """One of a profile's three tag sets: the same columns, constraint and index, each in its table.

    A function rather than an abstract model: the related names, the constraint and the index
    carry each set's own name, which an abstract model's "%(class)s" cannot spell as they are
    stored (interest_items, interest_unique…).
    """

    meta = type(
        "Meta",
        (),
        {
            "verbose_name": verbose_name,
            "verbose_name_plural": verbose_name_plural,
            "constraints": [models.UniqueConstraint(fields=["content_object", "tag"], name=f"{key}_unique")],
            # Matching starts from a tag and finds the profiles having it.
            "indexes": [models.Index(fields=["tag", "content_object"], name=f"{key}_tag_profile_idx")],
        },
    )

    return type(
        class_name,
        (ItemBase,),
        {
            "__module__": __name__,
            "__qualname__": class_name,
            "__doc__": "One tag of one profile in one of its three sets.",
            # Both columns are indexed by the unique constraint (profile, tag) and the index (tag, profile).
            "content_object": models.ForeignKey(
                "Profile", on_delete=models.CASCADE, related_name=related_name, db_index=False
            ),
            "tag": models.ForeignKey(
                Tag, on_delete=models.CASCADE, related_name=related_name, db_index=False
            ),
            "Meta": meta,
        },
    )


InterestItem = _profile_item(
    "InterestItem",
    key="interest",
    related_name="interest_items",
    verbose_name=_("centre d'intérêt"),
    verbose_name_plural=_("centres d'intérêt"),
)
SkillItem = _profile_item(
    "SkillItem",
    key="skill",
    related_name="skill_items",
    verbose_name=_("savoir à partager"),
    verbose_name_plural=_("savoirs à partager"),
)
WishItem = _profile_item(
    "WishItem",
    key="wish",
    related_name="wish_items",
    verbose_name=_("envie d'apprendre"),
    verbose_name_plural=_("envies d'apprendre"),
)
