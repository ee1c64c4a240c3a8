import factory

from trygg.accounts.models import Membership, User
from trygg.organisations.constants import OrganisationKind
from trygg.organisations.models import District, Organisation

TEST_PASSWORD = "correct horse battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.NAMND
    name = factory.Sequence(lambda n: f"Testnämnd {n}")
    parent = factory.LazyFunction(lambda: Organisation.objects.get(scb_code="0126"))
    municipality_id = factory.LazyAttribute(lambda o: o.parent.municipality_id)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    municipality = factory.LazyFunction(lambda: Organisation.objects.get(scb_code="0126"))
    name = factory.Sequence(lambda n: f"Område {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@test.example")
    full_name = factory.Sequence(lambda n: f"Test Person {n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "sokande"
