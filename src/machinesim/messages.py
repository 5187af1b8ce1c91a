"""The one catalogue of sentences for people, in French and English, keyed by finding code.

Each entry gives the French (`fr`) and English (`en`) text of what happened and, when there is
something to do, a `hint` pair saying what to do. Placeholders are filled from a finding's
`params`. Sentences are written for a 15-year-old at the machine: say what would happen and
what to change, in plain words.
"""
from __future__ import annotations

import locale
import os
from typing import Any

from .findings import Finding

LANGS = ("fr", "en")

# key -> {"fr": ..., "en": ..., "hint_fr": ..., "hint_en": ...}
CATALOGUE: dict[str, dict[str, str]] = {
    # --- words used around findings -------------------------------------------------------
    "severity.error": {"fr": "erreur", "en": "error"},
    "severity.warning": {"fr": "attention", "en": "warning"},
    "severity.info": {"fr": "info", "en": "info"},
    "line": {"fr": "ligne", "en": "line"},
    "column": {"fr": "colonne", "en": "column"},
    "what_to_do": {"fr": "à faire", "en": "what to do"},
    "not_yet": {
        "fr": "La commande « {command} » n'est pas encore disponible dans cette version de machinesim.",
        "en": "The command '{command}' is not available yet in this version of machinesim.",
    },
    "bench.missing": {
        "fr": "Le dossier benchmarks/ est introuvable : lancez la commande depuis le dossier source de machinesim.",
        "en": "The benchmarks/ folder is not there: run the command from machinesim's source folder.",
    },
    "cycle_time": {"fr": "Temps de cycle", "en": "Cycle time"},
    "interrupted": {"fr": "Interrompu : aucun fichier à moitié écrit n'a été laissé.",
                    "en": "Interrupted: no half-written file was left behind."},
    # --- unusable input (exit code 2) -----------------------------------------------------
    "FILE.missing": {
        "fr": "Le fichier {path} est introuvable.",
        "en": "The file {path} does not exist.",
        "hint_fr": "Vérifiez le nom et le dossier du fichier.",
        "hint_en": "Check the file name and its folder.",
    },
    "FILE.unreadable": {
        "fr": "Le fichier {path} ne peut pas être lu ({reason}).",
        "en": "The file {path} cannot be read ({reason}).",
        "hint_fr": "Vérifiez que c'est bien un fichier texte et que vous avez le droit de le lire.",
        "hint_en": "Check that it is a text file and that you may read it.",
    },
    "FILE.exists": {
        "fr": "Le fichier {path} existe déjà et n'est pas un fichier de machinesim : il n'est pas écrasé.",
        "en": "The file {path} already exists and was not written by machinesim: it is not overwritten.",
        "hint_fr": "Choisissez un autre dossier de sortie avec --out.",
        "hint_en": "Choose another output folder with --out.",
    },
    "JOB.toml": {
        "fr": "Le fichier de réglage n'est pas du TOML valide : {reason}.",
        "en": "The job file is not valid TOML: {reason}.",
        "hint_fr": "Corrigez la syntaxe à l'endroit indiqué (guillemets, crochets, signe =).",
        "hint_en": "Fix the syntax at the place shown (quotes, brackets, = sign).",
    },
    "JOB.unknown_key": {
        "fr": "Clé inconnue « {key} » dans [{section}].",
        "en": "Unknown key '{key}' in [{section}].",
        "hint_fr": "Clés possibles : {allowed}.",
        "hint_en": "Allowed keys: {allowed}.",
    },
    "JOB.missing_key": {
        "fr": "Il manque la clé « {key} » dans [{section}].",
        "en": "The key '{key}' is missing in [{section}].",
        "hint_fr": "Ajoutez-la, par exemple : {example}.",
        "hint_en": "Add it, for example: {example}.",
    },
    "JOB.type": {
        "fr": "La clé « {key} » de [{section}] doit être {expected}, pas {got!r}.",
        "en": "The key '{key}' in [{section}] must be {expected}, not {got!r}.",
        "hint_fr": "Corrigez sa valeur.",
        "hint_en": "Fix its value.",
    },
    "JOB.value": {
        "fr": "La valeur {got!r} de « {key} » dans [{section}] n'est pas permise.",
        "en": "The value {got!r} of '{key}' in [{section}] is not allowed.",
        "hint_fr": "Valeurs possibles : {allowed}.",
        "hint_en": "Allowed values: {allowed}.",
    },
    "JOB.range": {
        "fr": "La clé « {key} » de [{section}] vaut {got}, hors de la plage permise ({allowed}).",
        "en": "The key '{key}' in [{section}] is {got}, outside the allowed range ({allowed}).",
        "hint_fr": "Mettez une valeur dans cette plage (unités : mm, degrés, s, mm/min).",
        "hint_en": "Use a value in that range (units: mm, degrees, s, mm/min).",
    },
    "JOB.duplicate_tool": {
        "fr": "L'outil T{number} est décrit deux fois.",
        "en": "Tool T{number} is described twice.",
        "hint_fr": "Gardez une seule description [[tool]] par numéro.",
        "hint_en": "Keep one [[tool]] table per number.",
    },
    "JOB.stock": {
        "fr": "Le brut doit être décrit par une seule forme parmi box, cylinder ou auto.",
        "en": "The stock must be described by exactly one of box, cylinder or auto.",
        "hint_fr": "Exemple : box = {{ min = [0, 0, -20], max = [100, 80, 0] }}.",
        "hint_en": "Example: box = {{ min = [0, 0, -20], max = [100, 80, 0] }}.",
    },
    "JOB.geometry": {
        "fr": "Géométrie impossible dans [{section}] : {reason}.",
        "en": "Impossible geometry in [{section}]: {reason}.",
        "hint_fr": "Vérifiez les cotes (min plus petit que max, diamètres positifs).",
        "hint_en": "Check the sizes (min below max, positive diameters).",
    },
    # --- spec file, "fiche de contrôle" (metrology/spec.py) ---------------------------------
    "SPEC.toml": {
        "fr": "La fiche de contrôle n'est pas du TOML valide : {reason}.",
        "en": "The spec file is not valid TOML: {reason}.",
        "hint_fr": "Corrigez la syntaxe à l'endroit indiqué (guillemets, crochets, signe =).",
        "hint_en": "Fix the syntax at the place shown (quotes, brackets, = sign).",
    },
    "SPEC.unknown_key": {
        "fr": "Clé inconnue « {key} » dans [{section}] de la fiche de contrôle.",
        "en": "Unknown key '{key}' in [{section}] of the spec file.",
        "hint_fr": "Clés possibles : {allowed}.",
        "hint_en": "Allowed keys: {allowed}.",
    },
    "SPEC.missing_key": {
        "fr": "Il manque la clé « {key} » dans [{section}] de la fiche de contrôle.",
        "en": "The key '{key}' is missing in [{section}] of the spec file.",
        "hint_fr": "Ajoutez-la, par exemple : {example}.",
        "hint_en": "Add it, for example: {example}.",
    },
    "SPEC.type": {
        "fr": "La clé « {key} » de [{section}] doit être {expected}, pas {got!r}.",
        "en": "The key '{key}' in [{section}] must be {expected}, not {got!r}.",
        "hint_fr": "Corrigez sa valeur (les cotes sont en mm).",
        "hint_en": "Fix its value (sizes are in mm).",
    },
    "SPEC.value": {
        "fr": "La valeur {got!r} de « {key} » dans [{section}] n'est pas permise.",
        "en": "The value {got!r} of '{key}' in [{section}] is not allowed.",
        "hint_fr": "Valeurs possibles : {allowed}.",
        "hint_en": "Allowed values: {allowed}.",
    },
    "SPEC.range": {
        "fr": "La clé « {key} » de [{section}] vaut {got}, hors de la plage permise ({allowed}).",
        "en": "The key '{key}' in [{section}] is {got}, outside the allowed range ({allowed}).",
        "hint_fr": "Mettez une valeur dans cette plage (unités : mm, µm pour la rugosité).",
        "hint_en": "Use a value in that range (units: mm, µm for roughness).",
    },
    "SPEC.tolerance_twice": {
        "fr": "[{section}] donne à la fois « tol » et « fit ».",
        "en": "[{section}] gives both 'tol' and 'fit'.",
        "hint_fr": "Gardez une seule des deux : tol = 0.05, tol = [0.1, 0] ou fit = \"H7\".",
        "hint_en": "Keep only one: tol = 0.05, tol = [0.1, 0] or fit = \"H7\".",
    },
    "SPEC.fit_instrument": {
        "fr": "[{section}] : un ajustement ISO (fit) ne s'applique pas à l'instrument {instrument}.",
        "en": "[{section}]: an ISO fit does not apply to the {instrument} instrument.",
        "hint_fr": "Donnez la tolérance maximale avec tol = ...",
        "hint_en": "Give the largest allowed value with tol = ...",
    },
    "SPEC.no_tolerance": {
        "fr": "[{section}] n'a pas de tolérance et la tolérance générale de la pièce ne la couvre pas.",
        "en": "[{section}] has no tolerance and the part's general tolerance does not cover it.",
        "hint_fr": "Ajoutez tol = ... à la cote, ou general = \"ISO 2768-mK\" dans [part].",
        "hint_en": "Add tol = ... to the check, or general = \"ISO 2768-mK\" in [part].",
    },
    "SPEC.fit_code": {
        "fr": "[{section}] : l'ajustement « {code} » n'est pas connu.",
        "en": "[{section}]: the fit '{code}' is not known.",
        "hint_fr": "Alésages H, G, F, E, JS et arbres h, g, f, e, js, qualités 5 à 11 (ex. H7, g6).",
        "hint_en": "Holes H, G, F, E, JS and shafts h, g, f, e, js, grades 5 to 11 (e.g. H7, g6).",
    },
    "SPEC.fit_size": {
        "fr": "[{section}] : la cote nominale {size} mm est hors des tables ISO 286 pour {code}.",
        "en": "[{section}]: the nominal size {size} mm is outside the ISO 286 tables for {code}.",
        "hint_fr": "Les ajustements vont jusqu'à {max} mm ; sinon donnez tol = [sup, inf].",
        "hint_en": "Fits go up to {max} mm; otherwise give tol = [upper, lower].",
    },
    "SPEC.general_code": {
        "fr": "[{section}] : la tolérance générale « {code} » n'est pas connue.",
        "en": "[{section}]: the general tolerance '{code}' is not known.",
        "hint_fr": "Écrivez par exemple general = \"ISO 2768-m\" ou \"ISO 2768-mK\".",
        "hint_en": "Write for example general = \"ISO 2768-m\" or \"ISO 2768-mK\".",
    },
    "SPEC.general_size": {
        "fr": "[{section}] : la cote {size} mm n'a pas de tolérance générale en classe {cls} (ISO 2768).",
        "en": "[{section}]: the size {size} mm has no general tolerance in class {cls} (ISO 2768).",
        "hint_fr": "Donnez une tolérance à cette cote : tol = ...",
        "hint_en": "Give this check its own tolerance: tol = ...",
    },
    "SPEC.no_checks": {
        "fr": "La fiche de contrôle ne contient aucune cote [[check]].",
        "en": "The spec file has no [[check]] at all.",
        "hint_fr": "Ajoutez au moins une cote [[check]] avec id, instrument, at et nominal.",
        "hint_en": "Add at least one [[check]] with id, instrument, at and nominal.",
    },
    "SPEC.duplicate_id": {
        "fr": "Deux cotes portent le numéro id = {id}.",
        "en": "Two checks have the same id = {id}.",
        "hint_fr": "Donnez à chaque cote son propre numéro, comme sur le dessin.",
        "hint_en": "Give each check its own number, as on the drawing.",
    },
    "SPEC.position_of": {
        "fr": "[{section}] : « of = {of} » ne désigne pas une cote bore ou boss de la fiche.",
        "en": "[{section}]: 'of = {of}' does not name a bore or boss check of the spec.",
        "hint_fr": "Mettez dans « of » le numéro id de l'alésage ou du tenon dont on contrôle la position.",
        "hint_en": "Put in 'of' the id of the bore or boss whose position is checked.",
    },
    # --- G-code front end -----------------------------------------------------------------
    "SYNTAX": {
        "fr": "Erreur de syntaxe : {detail}.",
        "en": "Syntax error: {detail}.",
        "hint_fr": "Corrigez le bloc ; chaque mot est une lettre suivie d'un nombre (X12.5).",
        "hint_en": "Fix the block; each word is a letter followed by a number (X12.5).",
    },
    "UNKNOWN_CODE": {
        "fr": "Le code {word} n'est pas connu de la commande {dialect}.",
        "en": "The code {word} is not known to the {dialect} control.",
        "hint_fr": "Vérifiez le code dans la documentation de la machine ou retirez-le.",
        "hint_en": "Check the code in the machine's manual or remove it.",
    },
    "UNSUPPORTED": {
        "fr": "{word} n'est pas simulé par machinesim : le bloc est ignoré.",
        "en": "{word} is not simulated by machinesim: the block is ignored.",
        "hint_fr": "Le résultat simulé peut différer de la machine à partir de cette ligne.",
        "hint_en": "The simulated result may differ from the machine from this line on.",
    },
    "MODAL_CONFLICT": {
        "fr": "{first} et {second} sont du même groupe modal et ne peuvent pas être dans le même bloc.",
        "en": "{first} and {second} belong to the same modal group and cannot share a block.",
        "hint_fr": "Gardez un seul des deux, ou mettez-les sur deux lignes.",
        "hint_en": "Keep only one of them, or put them on two lines.",
    },
    "ARC_GEOMETRY": {
        "fr": "Arc impossible : {detail}.",
        "en": "Impossible arc: {detail}.",
        "hint_fr": "Recalculez le centre (I J K) ou le rayon R à partir du point de départ.",
        "hint_en": "Recompute the centre (I J K) or the radius R from the start point.",
    },
    "NO_FEED": {
        "fr": "Mouvement d'usinage sans avance F : la machine refuserait de démarrer.",
        "en": "Cutting move without a feed rate F: the machine would refuse to start.",
        "hint_fr": "Ajoutez une avance, par exemple F200, sur ce bloc ou avant.",
        "hint_en": "Add a feed rate, for example F200, on this block or before it.",
    },
    "UNKNOWN_TOOL": {
        "fr": "L'outil T{tool} n'existe pas dans le fichier de réglage.",
        "en": "Tool T{tool} is not in the job's tool table.",
        "hint_fr": "Ajoutez l'outil dans le fichier de réglage ou corrigez le numéro T.",
        "hint_en": "Add the tool to the job file or fix the T number.",
    },
    "DECIMAL_POINT": {
        "fr": "{word} est écrit sans point décimal : cette machine le lit comme {value} mm.",
        "en": "{word} has no decimal point: this machine reads it as {value} mm.",
        "hint_fr": "Écrivez toujours le point : {word}. pour {value_if_dot} mm.",
        "hint_en": "Always write the point: {word}. for {value_if_dot} mm.",
    },
    "LOOP_LIMIT": {
        "fr": "Le programme tourne en boucle sans fin (plus de {limit} passages) : la simulation s'arrête ici.",
        "en": "The program loops forever (more than {limit} passes): the simulation stops here.",
        "hint_fr": "Vérifiez la condition de sortie de la boucle ou de l'appel de sous-programme.",
        "hint_en": "Check the loop's exit condition or the subprogram call.",
    },
    "COMPENSATION": {
        "fr": "Correction de rayon impossible : {detail}.",
        "en": "Cutter compensation impossible: {detail}.",
        "hint_fr": "Prévoyez un mouvement d'approche plus long que le rayon de l'outil, et vérifiez G41/G42 et D.",
        "hint_en": "Make the lead-in move longer than the tool radius, and check G41/G42 and D.",
    },
    "PROGRAM_END_MISSING": {
        "fr": "Le programme ne se termine pas par M30 ou M2.",
        "en": "The program does not end with M30 or M2.",
        "hint_fr": "Ajoutez M30 à la fin du programme.",
        "hint_en": "Add M30 at the end of the program.",
    },
    # --- machining findings (analysis/) ---------------------------------------------------
    "NO_TOOL_LENGTH": {
        "fr": "L'outil T{tool} usine sans correction de longueur G43 : il descendrait {length} mm trop bas.",
        "en": "Tool T{tool} cuts without tool length compensation G43: it would go {length} mm too deep.",
        "hint_fr": "Ajoutez G43 H{tool} sur le premier mouvement après le changement d'outil.",
        "hint_en": "Add G43 H{tool} on the first move after the tool change.",
    },
    "SPINDLE_OFF_CUT": {
        "fr": "L'outil usine alors que la broche est arrêtée ou tourne à l'envers.",
        "en": "The tool cuts while the spindle is stopped or turning the wrong way.",
        "hint_fr": "Démarrez la broche avec S... M3 avant d'entrer dans la matière.",
        "hint_en": "Start the spindle with S... M3 before entering the material.",
    },
    "RAPID_IN_MATERIAL": {
        "fr": "Un déplacement rapide G0 traverse la matière ({volume} mm³) : la machine casserait l'outil.",
        "en": "A rapid move G0 goes through the material ({volume} mm³): the machine would break the tool.",
        "hint_fr": "Utilisez G1 avec une avance pour entrer dans la matière, ou remontez avant de vous déplacer.",
        "hint_en": "Use G1 with a feed rate to enter the material, or retract before moving.",
    },
    "TRAVEL_LIMIT": {
        "fr": "Le mouvement sort des courses de la machine sur l'axe {axis} : {value} mm, hors de [{low}, {high}].",
        "en": "The move leaves the machine's travel on axis {axis}: {value} mm, outside [{low}, {high}].",
        "hint_fr": "Vérifiez le décalage d'origine et la correction de longueur.",
        "hint_en": "Check the work offset and the tool length offset.",
    },
    "SPINDLE_OFF_CUT.reverse": {
        "fr": "L'outil usine avec la broche en sens inverse (M4) : il frotterait au lieu de couper et casserait.",
        "en": "The tool cuts with the spindle turning backwards (M4): it would rub instead of cutting and break.",
        "hint_fr": "Utilisez M3 (sens horaire) pour les outils à droite.",
        "hint_en": "Use M3 (clockwise) for right-hand tools.",
    },
    "CHIP_LOAD.drill": {
        "fr": "Avance par tour {fz} mm/tr hors de la plage conseillée pour ce foret ({low}–{high} mm/tr).",
        "en": "Feed per revolution {fz} mm/rev outside the recommended range for this drill ({low}–{high} mm/rev).",
        "hint_fr": "Ajustez F : F = f · N.",
        "hint_en": "Adjust F: F = f · N.",
    },
    "OVERLOAD.section": {
        "fr": "l'outil T{tool} enlève une section de {area} mm² (comme une rainure de {depth} mm de profondeur), au-delà de {limit} mm²",
        "en": "tool T{tool} takes a cross-section of {area} mm² (like a slot {depth} mm deep), beyond {limit} mm²",
    },
    "PLUNGE_NON_CENTER_CUTTING": {
        "fr": "Plongée verticale dans la matière avec un outil qui ne coupe pas au centre.",
        "en": "Vertical plunge into the material with a tool that does not cut at its centre.",
        "hint_fr": "Entrez en rampe ou en hélice, ou pré-percez.",
        "hint_en": "Ramp or helix in, or pre-drill.",
    },
    "DEPTH_OVER_FLUTE": {
        "fr": "La passe est plus profonde que la longueur coupante de l'outil.",
        "en": "The cut is deeper than the tool's flute length.",
        "hint_fr": "Faites plusieurs passes moins profondes ou prenez un outil plus long.",
        "hint_en": "Take several shallower passes or use a longer tool.",
    },
    "SHANK_COLLISION": {
        "fr": "La queue de l'outil touche la pièce.",
        "en": "The tool's shank hits the part.",
        "hint_fr": "Prenez un outil avec une longueur coupante plus grande ou réduisez la profondeur.",
        "hint_en": "Use a tool with longer flutes or reduce the depth.",
    },
    "HOLDER_COLLISION": {
        "fr": "Le porte-outil touche la pièce.",
        "en": "The tool holder hits the part.",
        "hint_fr": "Sortez l'outil davantage du porte-outil ou changez de stratégie.",
        "hint_en": "Let the tool stick out further or change the strategy.",
    },
    "FIXTURE_COLLISION": {
        "fr": "L'outil touche le montage « {fixture} » (étau, bride).",
        "en": "The tool hits the fixture '{fixture}' (vice, clamp).",
        "hint_fr": "Modifiez la trajectoire ou le montage.",
        "hint_en": "Change the toolpath or the set-up.",
    },
    "CUTTING_SPEED": {
        "fr": "Vitesse de coupe {vc} m/min hors de la plage conseillée ({low}–{high} m/min).",
        "en": "Cutting speed {vc} m/min outside the recommended range ({low}–{high} m/min).",
        "hint_fr": "Ajustez S : N = 1000·Vc / (π·D).",
        "hint_en": "Adjust S: N = 1000·Vc / (π·D).",
    },
    "CHIP_LOAD": {
        "fr": "Avance par dent {fz} mm hors de la plage conseillée ({low}–{high} mm).",
        "en": "Feed per tooth {fz} mm outside the recommended range ({low}–{high} mm).",
        "hint_fr": "Ajustez F : F = fz · Z · N.",
        "hint_en": "Adjust F: F = fz · Z · N.",
    },
    "OVERLOAD": {
        "fr": "L'outil est trop chargé : {detail}.",
        "en": "The tool is overloaded: {detail}.",
        "hint_fr": "Réduisez la profondeur de passe ou la largeur d'engagement.",
        "hint_en": "Reduce the depth of cut or the width of engagement.",
    },
    "MEMORY": {
        "fr": "Le modèle de matière demanderait {needed} Go, la machine n'en a que {available}.",
        "en": "The material model would need {needed} GB, the machine has only {available}.",
        "hint_fr": "Prenez une résolution plus grossière : {finest} mm est la plus fine qui tienne.",
        "hint_en": "Use a coarser resolution: {finest} mm is the finest that fits.",
    },
}


def default_lang() -> str:
    """French when the locale is French, else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    try:
        loc = locale.getlocale()[0] or ""
    except ValueError:
        loc = ""
    return "fr" if loc.lower().startswith("fr") else "en"


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def text(key: str, lang: str = "en", /, **params: Any) -> str:
    """The sentence for `key` in `lang`, with its placeholders filled."""
    entry = CATALOGUE.get(key) or CATALOGUE.get(key.split(".")[0])
    if entry is None:
        return key + (" " + repr(params) if params else "")
    return entry.get(lang, entry["en"]).format_map(_Missing(params))


def hint(key: str, lang: str = "en", /, **params: Any) -> str:
    """What to do about `key`, or an empty string."""
    entry = CATALOGUE.get(key) or CATALOGUE.get(key.split(".")[0]) or {}
    template = entry.get("hint_" + lang, entry.get("hint_en", ""))
    return template.format_map(_Missing(params)) if template else ""


def message(finding: Finding, lang: str = "en") -> str:
    """The finding's sentence (without location)."""
    return text(finding.message_key, lang, **finding.params)


def render(finding: Finding, lang: str = "en", with_hint: bool = True) -> str:
    """`file:line:column: severity CODE: sentence — what to do` for a terminal or a log."""
    where = finding.file or "?"
    if finding.line:
        where += f":{finding.line}"
        if finding.column:
            where += f":{finding.column}"
    sev = text("severity." + finding.severity, lang)
    out = f"{where}: {sev} {finding.code}: {message(finding, lang)}"
    if with_hint:
        h = hint(finding.message_key, lang, **finding.params)
        if h:
            out += f"\n    → {h}"
    return out
