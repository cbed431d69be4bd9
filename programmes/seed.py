from pathlib import Path

from django.db import transaction

from iom_romania.seeding import create_missing, read_seed

from .models import Fact, HomeSection, Initiative, ProgrammeArea, Project


@transaction.atomic
def load_seed() -> dict:
    data = read_seed(Path(__file__).parent)
    created = {
        "sections": create_missing(HomeSection, data["sections"]),
        "areas": create_missing(ProgrammeArea, data["areas"]),
        "initiatives": create_missing(Initiative, data["initiatives"]),
    }
    # Facts have no slug: the figure and its label together identify one.
    if not Fact.objects.exists():
        created["facts"] = create_missing(Fact, data["facts"], key="label")
    areas = {area.slug: area for area in ProgrammeArea.objects.all()}
    projects = [{k: v for k, v in row.items() if k != "areas"} for row in data["projects"]]
    created["projects"] = create_missing(Project, projects)
    for row in data["projects"]:
        project = Project.objects.get(slug=row["slug"])
        if not project.areas.exists():
            project.areas.set([areas[slug] for slug in row["areas"] if slug in areas])
    return created
