import json

from django.core.management.base import BaseCommand

from centres.bench import run


class Command(BaseCommand):
    help = (
        "Time the centre lookup with 15 and with 10,000 generated centres (rolled back "
        "afterwards): median server time and queries per lookup."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=5)
        parser.add_argument("--json", help="Also write the results to this file.")

    def handle(self, *args, **options):
        results = run(rounds=options["rounds"])
        for scenario, kinds in results.items():
            for kind, n in kinds.items():
                self.stdout.write(
                    f"centre lookup, {scenario}, place {kind}: median {n['page_median_ms']} ms "
                    f"per page, {n['find_median_ms']} ms for the lookup alone, "
                    f"<= {n['queries_max']} queries per page ({n['lookups']} lookups)"
                )
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as fh:
                json.dump({"centres": results}, fh, indent=2)
