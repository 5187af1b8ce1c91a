"""The server's HTML pages, in French or English, every value escaped.

Pages carry no inline script (the Content-Security-Policy forbids it): their behaviour is in
`static/*.js`, and what those scripts need (labels, the CSRF token) travels in JSON data blocks
and `data-` attributes. The student page's first file input is the program and its first button
sends it.
"""
from __future__ import annotations

import json
import time
from html import escape

from .. import messages
from ..render.html import viewer_labels

STUDENT_LABELS = ("findings", "no_findings", "line", "program", "inspection", "mark", "cycle_time", "removed",
                  "status.queued", "status.running", "status.drawing", "status.done", "status.failed", "sending",
                  "film_make", "film_making")
REPORT_COLUMNS = ("id", "name", "class", "nominal", "lower", "upper", "measured", "deviation", "verdict", "lines")


def t(key: str, lang: str, **params) -> str:
    """A catalogue sentence, escaped for HTML."""
    return escape(messages.text(key, lang, **params))


def _data_block(element_id: str, value) -> str:
    text = json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def layout(title: str, body: str, lang: str, csrf: str, scripts: tuple[str, ...], here: str) -> str:
    other = "en" if lang == "fr" else "fr"
    return (f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta name="csrf-token" content="{escape(csrf)}"><title>{escape(title)}</title>'
            f'<link rel="stylesheet" href="/static/style.css"></head><body>'
            f'<header><h1>{escape(title)}</h1>'
            f'<a class="lang" href="{escape(here)}?lang={other}" hreflang="{other}">{t("ui.other_lang", lang)}</a></header>'
            f"<main>{body}</main>"
            + "".join(f'<script src="/static/{name}"></script>' for name in scripts)
            + "</body></html>\n")


def _exercise_options(exercises: list[dict], lang: str, selected: int | None = None) -> str:
    options = [f'<option value="">{t("ui.no_exercise", lang)}</option>']
    for ex in exercises:
        label = ex["name"] + (f" ({ex['class_code']})" if ex["class_code"] else "")
        chosen = " selected" if ex["id"] == selected else ""
        options.append(f'<option value="{ex["id"]}"{chosen}>{escape(label)}</option>')
    return "".join(options)


def student_page(lang: str, csrf: str, exercises: list[dict], submission: str | None = None,
                 error: str | None = None) -> str:
    """Choose an exercise, drop or paste a program, then the results (filled in by student.js)."""
    labels = {k: messages.text("ui." + k, lang) for k in STUDENT_LABELS}
    labels.update({"viewer": viewer_labels(lang), "columns": {c: messages.text("REPORT.col." + c, lang)
                                                              for c in REPORT_COLUMNS}})
    body = (f'<p class="intro">{t("ui.intro", lang)}</p>'
            + (f'<p class="problem" role="alert">{escape(error)}</p>' if error else "")
            + f'<form id="send" method="post" action="/submit" enctype="multipart/form-data">'
            f'<input type="hidden" name="csrf" value="{escape(csrf)}"><input type="hidden" name="lang" value="{lang}">'
            f'<label class="drop" id="drop">{t("ui.drop", lang)}'
            f'<input type="file" name="program" id="program" accept=".nc,.ngc,.tap,.cnc,.gcode,.iso,.txt,text/plain"></label>'
            f'<label>{t("ui.paste", lang)}<textarea name="source" id="source" rows="6" spellcheck="false"></textarea></label>'
            f'<div class="row"><label>{t("ui.exercise", lang)} <select name="exercise" id="exercise">'
            f'{_exercise_options(exercises, lang)}</select></label>'
            f'<label>{t("ui.class_code", lang)} <input name="class_code" id="class_code" maxlength="20" autocomplete="off"></label>'
            f'<label>{t("ui.student", lang)} <input name="student" id="student" maxlength="40" autocomplete="name"></label>'
            f'<button type="submit" id="go">{t("ui.submit", lang)}</button></div></form>'
            f'<section id="status" aria-live="polite"></section>'
            f'<section id="results" hidden>'
            f'<div id="summary"></div>'
            f'<div class="panes"><div class="pane"><h2>{t("ui.findings", lang)}</h2><ol id="findings"></ol>'
            f'<h2>{t("ui.program", lang)}</h2><pre id="listing"></pre></div>'
            f'<div class="pane"><h2>{t("viewer.title", lang)}</h2><div id="view" class="msv"></div>'
            f'<div id="film"><button type="button" id="film-make">{t("ui.film_make", lang)}</button>'
            f' <span id="film-state" aria-live="polite"></span></div>'
            f'<h2 id="inspection-title" hidden>{t("ui.inspection", lang)}</h2><div id="inspection"></div></div></div>'
            f"</section>"
            + _data_block("labels", labels)
            + (_data_block("submission", submission) if submission else ""))
    return layout(messages.text("ui.title", lang), body, lang, csrf, ("viewer.js", "student.js"), "/")


def login_page(lang: str, csrf: str, error: str | None = None) -> str:
    body = ((f'<p class="problem" role="alert">{escape(error)}</p>' if error else "")
            + f'<form method="post" action="/master/login"><input type="hidden" name="csrf" value="{escape(csrf)}">'
            f'<label>{t("ui.password", lang)} <input type="password" name="password" autocomplete="current-password" autofocus></label>'
            f'<button type="submit">{t("ui.login", lang)}</button></form>')
    return layout(messages.text("ui.title_master", lang), body, lang, csrf, (), "/master")


def _when(stamp: float) -> str:
    return time.strftime("%d/%m %H:%M", time.localtime(stamp))


def submission_rows(submissions: list[dict], exercises: dict[int, str], lang: str) -> str:
    rows = []
    for s in submissions:
        summary = s["summary"] or {}
        mark = summary.get("mark")
        codes = " ".join(summary.get("codes") or []) or ("—" if s["status"] == "done" else "")
        rows.append(f'<tr><td>{escape(_when(s["created"]))}</td><td>{escape(s["class_code"])}</td>'
                    f'<td>{escape(s["student"])}</td><td>{escape(exercises.get(s["exercise"], "—"))}</td>'
                    f'<td>{t("ui.status." + ("done" if s["status"] == "done" else s["status"]), lang)}</td>'
                    f'<td class="num">{"" if mark is None else escape(f"{mark:g}")}</td>'
                    f'<td>{escape(codes)} {escape(summary.get("problem") or "")}</td>'
                    f'<td><a href="/submission/{escape(s["id"])}">{t("ui.open", lang)}</a></td></tr>')
    return "".join(rows)


def master_page(lang: str, csrf: str, exercises: list[dict], submissions: list[dict], class_code: str,
                note: str | None = None) -> str:
    """Exercises (create, summaries), grading a folder, every submission of the class."""
    names = {ex["id"]: ex["name"] for ex in exercises}
    hidden = f'<input type="hidden" name="csrf" value="{escape(csrf)}">'
    query = f"&class_code={escape(class_code)}" if class_code else ""
    ex_rows = "".join(
        f'<tr><td>{escape(ex["name"])}</td><td>{escape(ex["class_code"])}</td>'
        f'<td>{escape(", ".join(ex["files"].values()))}</td><td>'
        + (f'<a href="/master/summary.csv?exercise={ex["id"]}{query}">summary.csv</a> '
           f'<a href="/master/summary.html?exercise={ex["id"]}{query}">summary.html</a>' if ex["has_spec"] else "—")
        + "</td></tr>" for ex in exercises)
    submissions_section = (
        f'<section><h2>{t("ui.submissions", lang)}</h2>'
        f'<form method="get" action="/master" class="row inline"><label>{t("ui.filter_class", lang)} '
        f'<input name="class_code" maxlength="20" value="{escape(class_code)}"></label>'
        f'<button type="submit">{t("ui.filter", lang)}</button></form>'
        f'<table id="submissions" data-class="{escape(class_code)}"><thead><tr>'
        + "".join(f"<th>{t('ui.col.' + c, lang)}</th>" for c in
                  ("when", "class", "student", "exercise", "status", "mark", "findings"))
        + f"<th></th></tr></thead><tbody>{submission_rows(submissions, names, lang)}</tbody></table></section>")
    exercises_section = (
        f'<section><h2>{t("ui.exercises", lang)}</h2><table><thead><tr><th>{t("ui.exercise", lang)}</th>'
        f'<th>{t("ui.col.class", lang)}</th><th>{t("ui.col.files", lang)}</th><th>{t("ui.summary", lang)}</th>'
        f"</tr></thead><tbody>{ex_rows}</tbody></table></section>")
    forms = (
        f'<div class="grid"><section><h2>{t("ui.new_exercise", lang)}</h2>'
        f'<form method="post" action="/master/exercises" enctype="multipart/form-data">{hidden}'
        f'<label>{t("ui.exercise_name", lang)} <input name="name" required maxlength="40"></label>'
        f'<label>{t("ui.class_code", lang)} <input name="class_code" maxlength="20"></label>'
        f'<label>{t("ui.job_file", lang)} <input type="file" name="job" accept=".toml"></label>'
        f'<label>{t("ui.spec_file", lang)} <input type="file" name="spec" accept=".toml"></label>'
        f'<label>{t("ui.reference_file", lang)} <input type="file" name="reference"></label>'
        f'<label>{t("ui.design_file", lang)} <input type="file" name="design" accept=".stl"></label>'
        f'<button type="submit">{t("ui.create", lang)}</button></form></section>'
        f'<section><h2>{t("ui.grade_folder", lang)}</h2>'
        f'<form method="post" action="/master/grade" enctype="multipart/form-data">{hidden}'
        f'<label>{t("ui.grade_files", lang)} <input type="file" name="programs" multiple webkitdirectory></label>'
        f'<label>{t("ui.exercise", lang)} <select name="exercise">{_exercise_options(exercises, lang)}</select></label>'
        f'<label>{t("ui.class_code", lang)} <input name="class_code" maxlength="20" value="{escape(class_code)}"></label>'
        f'<button type="submit">{t("ui.grade", lang)}</button></form></section></div>')
    account = (
        f'<section class="row"><form method="post" action="/master/password" class="row inline">{hidden}'
        f'<label>{t("ui.new_password", lang)} <input type="password" name="password" minlength="6" autocomplete="new-password"></label>'
        f'<button type="submit">{t("ui.change_password", lang)}</button></form>'
        f'<form method="post" action="/master/logout" class="inline">{hidden}<button type="submit">{t("ui.logout", lang)}</button></form>'
        f"</section>")
    body = ((f'<p class="note" role="status">{escape(note)}</p>' if note else "")
            + submissions_section + exercises_section + forms + account)
    return layout(messages.text("ui.title_master", lang), body, lang, csrf, ("master.js",), "/master")


def problem_page(lang: str, csrf: str, key: str, **params) -> str:
    hint = messages.hint(key, lang, **params)
    body = (f'<p class="problem" role="alert">{t(key, lang, **params)}</p>'
            + (f"<p>{escape(hint)}</p>" if hint else "") + '<p><a href="/">machinesim</a></p>')
    return layout(messages.text("ui.title", lang), body, lang, csrf, (), "/")
