import logging

import pytest

from openfisca_independants import CountryTaxBenefitSystem

logging.getLogger("openfisca_core").setLevel(logging.ERROR)


@pytest.fixture(scope="session")
def tbs():
    return CountryTaxBenefitSystem()
