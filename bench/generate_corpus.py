#!/usr/bin/env python3
"""Deterministic generator of roadmap documents in the layouts of corpus/.

Recombines the real measures of corpus/ with other real Russian regions (every case form of
the source region's name in texts and agency names is replaced by the same case of the new
region, from index/data/regions.tsv), other periods and other section selections, and writes
them with the quirks of the real exports: page-break index rows, continuation rows splitting a
measure's text across a page break, <b>/** section headings, numbers with and without a
trailing dot, annual and single-year deadlines, signature blocks; execution reports in the one
cell per line layout with several progress entries per measure; some files in Windows-1251,
some with CRLF line endings.

Usage: bench/generate_corpus.py --measures 200000 --out /tmp/corpus-200k [--seed 1]
Prints the number of files and measures written. The same seed gives the same files.
"""

import argparse
import json
import os
import random
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FORMS = ["nom", "gen", "dat", "acc", "ins", "prep"]


def load_regions():
    names, aliases = {}, {}
    with open(os.path.join(ROOT, "index", "data", "regions.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            code, kind, *forms = line.rstrip("\n").split("\t")
            if kind == "name":
                names[code] = forms
            aliases.setdefault(code, []).append(forms)
    return names, aliases


def load_sources(karta, corpus):
    files = sorted(os.path.join(corpus, f) for f in os.listdir(corpus) if not f.startswith("."))
    out = subprocess.run([karta, "parse", "--quiet", "--format", "json"] + files,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


class Substituter:
    """Replaces every form of a source region's names by the same case of a target region."""

    def __init__(self, aliases, source_code):
        pairs = []
        for forms in aliases.get(source_code, []):
            for i, form in enumerate(forms):
                pairs.append((form, i))
        # Longest first so «Кемеровской области – Кузбасса» wins over «Кузбасса».
        self.pairs = sorted(set(pairs), key=lambda p: (-len(p[0]), p[0], p[1]))

    def __call__(self, text, target_forms):
        for form, case in self.pairs:
            if form in text:
                text = text.replace(form, target_forms[case])
        return text


def build_pools(sources, aliases):
    sections, progress = [], []
    for a in sources:
        sub = Substituter(aliases, a["region_code"])
        by_section = {}
        for m in a["measures"]:
            by_section.setdefault((m["section"]["number"], m["section"]["heading"]), []).append(m)
            progress.extend(m["progress"])
        for (number, heading), measures in by_section.items():
            if a["kind"] == "plan":
                sections.append((heading, measures, sub))
    return sections, progress


def deadline(rng, start, end):
    r = rng.random()
    if r < 0.75:
        return f"{start}-{end} гг."
    if r < 0.85:
        return rng.choice(["Ежегодно", "Ежегодно в декабре", "Ежегодно по отдельному графику"])
    year = rng.randint(start, end)
    return rng.choice([f"{year} г.", f"{year} гг.", f"до {year} года"])


def write_plan(rng, region, start, end, chosen):
    gen = region[1]
    lines = ["", "", "**ПЛАН МЕРОПРИЯТИЙ («ДОРОЖНАЯ КАРТА»)",
             f"по развитию сотрудничества между Правительством Санкт-Петербурга и Правительством {gen} "
             f"на {start}-{end} годы**", "",
             "№ п/п\tНаименование мероприятия\tОтветственный исполнитель\t\tСрок исполнения",
             f"\t\tот Санкт-Петербурга\tот {gen}\t", "1\t2\t3\t4\t5"]
    trailing_dot = rng.random() < 0.3
    bold = rng.random() < 0.5
    rows_since_break, count = 0, 0
    for s_no, (heading, measures) in enumerate(chosen, 1):
        head = f"{s_no}. {heading}"
        lines.append((f"<b>{head}</b>" if bold else head) + "\t\t\t\t")
        for m_no, m in enumerate(measures, 1):
            number = f"{s_no}.{m_no}" + ("." if trailing_dot else "")
            text, rest = m["text"], ""
            rows_since_break += 1
            page_break = rows_since_break >= rng.randint(5, 9)
            if page_break and len(text) > 80 and rng.random() < 0.5:
                cut = text.rfind(" ", 0, len(text) // 2)
                text, rest = text[:cut], text[cut + 1:]
            lines.append("\t".join([number, text, "; ".join(m["spb"]), "; ".join(m["partner"]),
                                    deadline(rng, start, end)]))
            count += 1
            if page_break:
                lines += ["", "1\t2\t3\t4\t5"]
                rows_since_break = 0
                if rest:
                    lines.append(f"\t{rest}\t\t\t")
    lines += ["", "Губернатор Санкт-Петербурга", "", f"Губернатор {gen}", ""]
    return "\n".join(lines) + "\n", count


def write_report(rng, region, start, end, chosen, progress_pool):
    ins = region[4]
    year = end  # one report per agreement, for its last year
    lines = [f" Отчет об исполнении в {year} году",
             "Плана мероприятий «Дорожной карты» по развитию сотрудничества между ",
             f"Санкт-Петербургом и {ins} на {start}-{end} годы (далее – План)", "",
             "\t№ п/п Плана ", "\tНаименование мероприятия Плана", "\tСроки проведения ",
             "\tОтветственный исполнитель ", "\tИнформация о ходе исполнения мероприятий Плана ", ""]
    count = 0
    for s_no, (heading, measures) in enumerate(chosen, 1):
        lines += [f"\t{s_no}. {heading}", ""]
        for m_no, m in enumerate(measures, 1):
            lines += [f"\t{s_no}.{m_no}.", f"\t{m['text']}", f"\t{start}-{end} ", "годы"]
            partners = m["partner"] or ["Администрация региона"]
            lines.append(f"\t{partners[0]}")
            for p in partners[1:]:
                lines += ["", p]
            entries = rng.randint(1, 4)
            lines.append(f"\t{rng.choice(progress_pool)}")
            for _ in range(entries - 1):
                lines += ["", "\t", "\t", "\t", "\t", f"\t{rng.choice(progress_pool)}"]
            lines.append("")
            count += 1
    return "\n".join(lines) + "\n", count


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--measures", type=int, default=1000)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--karta", default=os.path.join(ROOT, "build", "karta"))
    ap.add_argument("--corpus", default=os.path.join(ROOT, "corpus"))
    args = ap.parse_args()

    names, aliases = load_regions()
    targets = [code for code in sorted(names) if code != "SPE"]
    sections, progress_pool = build_pools(load_sources(args.karta, args.corpus), aliases)
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    total, files = 0, 0
    used = set()  # agreement keys: an index replaces an agreement indexed twice
    while total < args.measures:
        code = rng.choice(targets)
        region = names[code]
        start = rng.randint(1990, 2040)
        end = start + rng.randint(1, 8)
        is_report = rng.random() < 0.15
        if (code, start, end, is_report) in used:
            continue
        used.add((code, start, end, is_report))
        picked = rng.sample(sections, rng.randint(6, 14))
        chosen = []
        for heading, measures, sub in picked:
            out = []
            for m in measures:
                out.append({"text": sub(m["text"], region),
                            "spb": m["spb_agencies"],
                            "partner": [sub(p, region) for p in m["partner_agencies"]]})
            chosen.append((heading, out))
        if is_report:
            text, n = write_report(rng, region, start, end, chosen, progress_pool)
        else:
            text, n = write_plan(rng, region, start, end, chosen)
        encoding = "cp1251" if rng.random() < 0.1 else "utf-8"
        if rng.random() < 0.1:
            text = text.replace("\n", "\r\n")
        sub_dir = os.path.join(args.out, f"{files // 1000:03d}")
        os.makedirs(sub_dir, exist_ok=True)
        name = f"{files:06d}_{code}_{'report' if is_report else 'plan'}.txt"
        with open(os.path.join(sub_dir, name), "wb") as f:
            f.write(text.encode(encoding, errors="strict"))
        total += n
        files += 1
    print(json.dumps({"files": files, "measures": total, "seed": args.seed, "out": args.out}))


if __name__ == "__main__":
    main()
