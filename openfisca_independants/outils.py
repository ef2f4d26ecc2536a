"""Small helpers shared by the variables."""


def somme(entite, period, composantes):
    """Sum of the variables named in `composantes`, computed for `entite` over `period`."""
    total = entite.empty_array()
    for nom in composantes:
        total = total + entite(nom, period)
    return total
