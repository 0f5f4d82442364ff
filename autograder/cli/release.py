"""``python -m autograder release``: regenerate the release (every language) from the sources and
build the learner kits."""

from __future__ import annotations

from autograder.grading.course import Course


def add_to(sub) -> None:
    p = sub.add_parser(
        "release",
        help=(
            "regenerate exercises/ (every language) from solutions/ and translations/, "
            "and build the learner kits"
        ),
    )
    p.add_argument("assignment", nargs="?", help="one assignment (default: all)")
    p.add_argument("--check", action="store_true", help="exit 1 if the committed release is stale")
    p.set_defaults(run=run)


def run(args, course: Course) -> int:
    from autograder.authoring.release import (
        release,
        release_translations,
        stale_notebooks,
        stale_translations,
    )
    from autograder.authoring.translation import languages

    assignments = [course.require(args.assignment)] if args.assignment else course.assignments()
    if args.check:
        stale = {a: stale_notebooks(course, a) for a in assignments}
        bad = {a: nbs for a, nbs in stale.items() if nbs}
        for a, nbs in bad.items():
            print(
                f"stale release: exercises/{a}/ ({', '.join(nbs)}); run `python -m autograder "
                f"release {a}`"
            )
        for a in assignments:
            if a in bad:
                continue  # the translations are made from the English release: fix that first
            translated = stale_translations(course, a)
            if translated:
                bad[a] = translated
                print(
                    f"stale translated release of {a}:\n  "
                    + "\n  ".join(translated)
                    + (
                        f"\nrun `python -m autograder release {a}` (after fixing translations/ "
                        "where named)"
                    )
                )
        if not bad:
            print(
                "exercises/ is up to date with solutions/ and "
                f"translations/ ({', '.join(assignments)})"
            )
        return 1 if bad else 0
    from autograder.authoring.kit import build_kit
    from autograder.authoring.translation import LANGUAGE_NAMES

    for a in assignments:
        print(f"released {release(course, a).relative_to(course.root)}")
        for path in release_translations(course, a):
            print(f"released {path.relative_to(course.root)}")
    for language in ["en", *languages(course)]:
        kit = build_kit(course, language=language)
        label = "" if language == "en" else f" in {LANGUAGE_NAMES[language]} ({language})"
        print(
            f"learner kit{label}: {kit} (and {kit.with_suffix('.zip').name}): hand it to learners; "
            "see its README.md"
        )
    return 0
