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
    "column": {"fr": "colonne", "en": "column"},
    "bench.missing": {
        "fr": "Le dossier benchmarks/ est introuvable : lancez la commande depuis le dossier source de machinesim.",
        "en": "The benchmarks/ folder is not there: run the command from machinesim's source folder.",
    },
    "findings.at_line": {"fr": "{file}, ligne {line} :", "en": "{file}, line {line}:"},
    "progress.cutting": {"fr": "Usinage", "en": "Cutting"},
    "progress.grading": {"fr": "Correction", "en": "Grading"},
    "progress.film": {"fr": "Film", "en": "Film"},
    "removed_volume": {"fr": "Matière enlevée : {volume} cm³ ({moves} mouvements)",
                       "en": "Material removed: {volume} cm³ ({moves} moves)"},
    "written": {"fr": "Écrit : {path}", "en": "Written: {path}"},
    "render.unavailable": {
        "fr": "Pas d'image : le rendu 3D n'est pas disponible ici ({reason}). Pour l'activer : {fix}",
        "en": "No picture: 3D rendering is not available here ({reason}). To enable it: {fix}",
    },
    "internal": {
        "fr": "Erreur interne de machinesim ({error}). Ce n'est pas votre faute : montrez ce message et votre programme au formateur.",
        "en": "Internal error in machinesim ({error}). It is not your fault: show this message and your program to your teacher.",
    },
    "MEASURE.local_size": {
        "fr": "Contrôle {id} « {name} » : une taille locale (deux points) vaut {size} mm, hors des limites {lower}–{upper} : la paroi est abîmée (creux ou surépaisseur).",
        "en": "Check {id} '{name}': a local two-point size is {size} mm, outside the limits {lower}–{upper}: the wall is damaged (a gouge or a bump).",
        "hint_fr": "Regardez les lignes qui ont usiné cette paroi (sens de l'arc, signe de R, correction de rayon).",
        "hint_en": "Look at the lines that cut this wall (arc direction, sign of R, cutter compensation).",
    },
    "REPORT.viewer": {"fr": "Ouvrir la pièce en 3D (tourner, zoomer)", "en": "Open the part in 3D (turn, zoom)"},
    "grade.header": {"fr": "élève                  note  cotes hors tol.  constats",
                     "en": "student                mark  failed checks   findings"},
    "cycle_time": {"fr": "Temps de cycle : {time}", "en": "Cycle time: {time}"},
    "interrupted": {"fr": "Interrompu : aucun fichier à moitié écrit n'a été laissé.",
                    "en": "Interrupted: no half-written file was left behind."},
    # --- pictures (render/) ---------------------------------------------------------------
    "render.tool": {"fr": "outil T{tool}", "en": "tool T{tool}"},
    "render.rapid": {"fr": "rapide G0", "en": "rapid G0"},
    "render.deviation": {"fr": "écart (mm)", "en": "deviation (mm)"},
    "render.marker": {"fr": "l.{line} {what}", "en": "l.{line} {what}"},
    "render.check_marker": {"fr": "cote n°{id} l.{lines}", "en": "check #{id} l.{lines}"},
    "render.frame": {"fr": "ligne {line}   {time}", "en": "line {line}   {time}"},
    "render.frame_start": {"fr": "brut   {time}", "en": "raw stock   {time}"},
    "RENDER.unavailable": {
        "fr": "Impossible de faire des images sur cette machine : {reason}.",
        "en": "Pictures cannot be made on this machine: {reason}.",
        "hint_fr": "Installez les bibliothèques OpenGL : {command}. Le reste (simulation, contrôle, rapports) fonctionne sans.",
        "hint_en": "Install the OpenGL libraries: {command}. Everything else (simulation, checks, reports) works without them.",
    },
    "RENDER.no_display": {
        "fr": "Pas d'écran disponible pour ouvrir une fenêtre 3D : seule l'image a été écrite.",
        "en": "No display to open a 3D window on: only the picture was written.",
        "hint_fr": "Ouvrez l'image PNG, ou lancez machinesim depuis une session graphique.",
        "hint_en": "Open the PNG picture, or run machinesim from a graphical session.",
    },
    "RENDER.picture_format": {
        "fr": "L'image {path} doit se terminer par .png : machinesim n'écrit pas d'image sur un autre fichier.",
        "en": "The picture {path} must end in .png: machinesim does not write a picture over another file.",
        "hint_fr": "Choisissez par exemple -o piece.png.",
        "hint_en": "Choose for example -o part.png.",
    },
    "RENDER.format": {
        "fr": "L'animation {path} doit se terminer par {allowed}.",
        "en": "The animation {path} must end in {allowed}.",
        "hint_fr": "Choisissez par exemple usinage.gif ou usinage.mp4.",
        "hint_en": "Choose for example machining.gif or machining.mp4.",
    },
    "RENDER.html": {
        "fr": "La vue 3D interactive du rapport n'a pas pu être écrite : {reason}.",
        "en": "The interactive 3D view of the report could not be written: {reason}.",
        "hint_fr": "Installez le visualiseur avec : pip install trame-vtk. Le rapport garde les images fixes.",
        "hint_en": "Install the viewer with: pip install trame-vtk. The report keeps its still pictures.",
    },
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
    # --- setups and the vise (setup_job.py, setups.py, vise.py) ------------------------------
    "SETUP.rotate": {
        "fr": "Dans [{section}], la rotation {got} n'est pas faite de quarts de tour.",
        "en": "In [{section}], the rotation {got} is not made of quarter turns.",
        "hint_fr": "Donnez des angles multiples de 90°, par exemple rotate = [180, 0, 0] pour retourner la pièce.",
        "hint_en": "Give angles in multiples of 90°, for example rotate = [180, 0, 0] to turn the part over.",
    },
    "SETUP.programs": {
        "fr": "{given} programme(s) pour {setups} phase(s) : il faut un programme par phase.",
        "en": "{given} program(s) for {setups} setup(s): each setup needs one program.",
        "hint_fr": "Donnez les programmes dans l'ordre des phases (OP10.nc OP20.nc), ou mettez program = \"...\" "
                   "dans chaque [[setup]] du fichier de réglage.",
        "hint_en": "Give the programs in the order of the setups (OP10.nc OP20.nc), or put program = \"...\" "
                   "in each [[setup]] of the job file.",
    },
    "SETUP.auto_stock": {
        "fr": "La phase « {setup} » ne peut pas reprendre un brut automatique (stock.auto).",
        "en": "The setup '{setup}' cannot take over an automatic stock (stock.auto).",
        "hint_fr": "Décrivez le brut par box = {{ min = [...], max = [...] }}.",
        "hint_en": "Describe the stock with box = {{ min = [...], max = [...] }}.",
    },
    "SETUP.cylinder": {
        "fr": "La phase « {setup} » couche le brut rond : seul un retournement (axe toujours vertical) est pris en charge.",
        "en": "The setup '{setup}' lays the round bar down: only turning it over (axis still vertical) is supported.",
        "hint_fr": "Gardez l'axe du cylindre vertical, ou décrivez le brut par une boîte.",
        "hint_en": "Keep the bar's axis vertical, or describe the stock as a box.",
    },
    "CLAMPING": {
        "fr": "Bridage douteux dans la phase « {setup} ».",
        "en": "Doubtful clamping in the setup '{setup}'.",
    },
    "CLAMPING.share": {
        "fr": "Phase « {setup} » : la pièce n'est serrée que sur {held} mm de ses {height} mm de haut "
              "(il en faut au moins {share} %).",
        "en": "Setup '{setup}': the part is held on only {held} mm of its {height} mm height (at least {share} % is needed).",
        "hint_fr": "Montez des cales parallèles plus hautes ou des mors plus hauts, ou serrez la pièce plus bas.",
        "hint_en": "Use taller parallels or jaws, or hold the part lower.",
    },
    "CLAMPING.seat": {
        "fr": "Phase « {setup} » : la pièce n'est pas en appui sur les cales et contre les mors (écart {gap} mm).",
        "en": "Setup '{setup}': the part does not rest on the parallels and against the jaws ({gap} mm off).",
        "hint_fr": "Corrigez part_to_work.translate, ou retirez-le pour que l'étau place la pièce.",
        "hint_en": "Fix part_to_work.translate, or leave it out so that the vise places the part.",
    },
    "CLAMPING.below_jaws": {
        "fr": "Phase « {setup} » : la coupe descend à Z{z}, sous le haut des mors (Z{top}), tout près d'un mors.",
        "en": "Setup '{setup}': the cut goes down to Z{z}, below the jaws' top (Z{top}), right next to a jaw.",
        "hint_fr": "Sortez davantage la pièce des mors (cales plus hautes) ou usinez ce côté dans une autre phase.",
        "hint_en": "Let the part stand higher out of the jaws (taller parallels) or machine that side in another setup.",
    },
    "VISE.fixed_jaw": {"fr": "mors fixe", "en": "fixed jaw"},
    "VISE.moving_jaw": {"fr": "mors mobile", "en": "moving jaw"},
    "VISE.bed": {"fr": "semelle de l'étau", "en": "vise bed"},
    "VISE.parallel_fixed": {"fr": "cale parallèle côté mors fixe", "en": "parallel at the fixed jaw"},
    "VISE.parallel_moving": {"fr": "cale parallèle côté mors mobile", "en": "parallel at the moving jaw"},
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
    # --- virtual inspection (metrology/) -----------------------------------------------------
    "MEASURE.in_material": {
        "fr": "Cote {id} « {name} » ({instrument}) : le point de mesure est dans la matière, pas dans le vide.",
        "en": "Check {id} '{name}' ({instrument}): the measuring point is inside the material, not in the air.",
        "hint_fr": "La forme n'a pas été usinée à cet endroit, ou le point « at » de la fiche est mal placé.",
        "hint_en": "The feature was not machined there, or the spec's 'at' point is misplaced.",
    },
    "MEASURE.in_air": {
        "fr": "Cote {id} « {name} » ({instrument}) : le point de mesure est dans le vide, pas dans la matière.",
        "en": "Check {id} '{name}' ({instrument}): the measuring point is in the air, not inside the material.",
        "hint_fr": "La matière a été enlevée à cet endroit, ou le point « at » de la fiche est mal placé.",
        "hint_en": "The material was removed there, or the spec's 'at' point is misplaced.",
    },
    "MEASURE.no_wall": {
        "fr": "Cote {id} « {name} » ({instrument}) : il manque une des deux faces le long de l'axe.",
        "en": "Check {id} '{name}' ({instrument}): one of the two faces along the axis is missing.",
        "hint_fr": "Vérifiez que la forme est fermée de ce côté, ou corrigez « at » et « axis ».",
        "hint_en": "Check that the feature is closed on that side, or fix 'at' and 'axis'.",
    },
    "MEASURE.no_face": {
        "fr": "Cote {id} « {name} » ({instrument}) : aucune face trouvée sous le point de mesure.",
        "en": "Check {id} '{name}' ({instrument}): no face found below the measuring point.",
        "hint_fr": "Le point « at » ou la zone « region » est sans doute hors de la pièce.",
        "hint_en": "The 'at' point or the 'region' is probably outside the part.",
    },
    "MEASURE.no_reference": {
        "fr": "Cote {id} « {name} » ({instrument}) : pas de face à moins de 1 mm du point « {which} ».",
        "en": "Check {id} '{name}' ({instrument}): no face within 1 mm of the '{which}' point.",
        "hint_fr": "Placez « {which} » sur la face de référence de la pièce usinée.",
        "hint_en": "Put '{which}' on the reference face of the machined part.",
    },
    "MEASURE.open_circle": {
        "fr": "Cote {id} « {name} » ({instrument}) : seulement {found} palpages sur {rays} trouvent la paroi.",
        "en": "Check {id} '{name}' ({instrument}): only {found} of {rays} probe rays find the wall.",
        "hint_fr": "L'alésage ou le tenon n'est pas fermé à cette hauteur : vérifiez « at » (hauteur, centre).",
        "hint_en": "The bore or boss is not closed at that height: check 'at' (height, centre).",
    },
    "MEASURE.profile_blocked": {
        "fr": "Cote {id} « {name} » (rugosité) : une paroi coupe le profil de {length} mm autour du point.",
        "en": "Check {id} '{name}' (roughness): a wall crosses the {length} mm profile around the point.",
        "hint_fr": "Éloignez « at » des parois ou réduisez « length ».",
        "hint_en": "Move 'at' away from the walls or reduce 'length'.",
    },
    "MEASURE.position_of": {
        "fr": "Cote {id} « {name} » : la position ne peut pas être mesurée car la cote {of} n'a pas pu l'être.",
        "en": "Check {id} '{name}': the position cannot be measured because check {of} could not be.",
        "hint_fr": "Corrigez d'abord la cote {of}.",
        "hint_en": "Fix check {of} first.",
    },
    "MEASURE.not_graded": {
        "fr": "Cote {id} « {name} » non notée : l'incertitude {uncertainty} est trop grande pour cette tolérance.",
        "en": "Check {id} '{name}' not graded: the uncertainty {uncertainty} is too large for this tolerance.",
        "hint_fr": "Il faudrait une résolution de {needed} au moins (dix fois plus fine que la tolérance).",
        "hint_en": "It needs a resolution of {needed} or finer (ten times finer than the tolerance).",
    },
    # --- reports (report/) -----------------------------------------------------------------
    "REPORT.col.id": {"fr": "n°", "en": "id"},
    "REPORT.col.name": {"fr": "désignation", "en": "name"},
    "REPORT.col.class": {"fr": "classe", "en": "class"},
    "REPORT.col.nominal": {"fr": "nominal", "en": "nominal"},
    "REPORT.col.lower": {"fr": "mini", "en": "lower"},
    "REPORT.col.upper": {"fr": "maxi", "en": "upper"},
    "REPORT.col.measured": {"fr": "mesuré", "en": "measured"},
    "REPORT.col.deviation": {"fr": "écart", "en": "deviation"},
    "REPORT.col.verdict": {"fr": "verdict", "en": "verdict"},
    "REPORT.col.lines": {"fr": "lignes", "en": "lines"},
    "REPORT.col.tolerance": {"fr": "tolérance", "en": "tolerance"},
    "REPORT.col.instrument": {"fr": "instrument", "en": "instrument"},
    "REPORT.col.uncertainty": {"fr": "incertitude", "en": "uncertainty"},
    "REPORT.class.critical": {"fr": "critique", "en": "critical"},
    "REPORT.class.major": {"fr": "majeure", "en": "major"},
    "REPORT.class.minor": {"fr": "mineure", "en": "minor"},
    "REPORT.verdict.in": {"fr": "conforme", "en": "in tolerance"},
    "REPORT.verdict.out": {"fr": "NON CONFORME", "en": "OUT"},
    "REPORT.verdict.not_graded": {"fr": "non noté", "en": "not graded"},
    "REPORT.verdict.not_measured": {"fr": "NON MESURÉ", "en": "NOT MEASURED"},
    "REPORT.title": {"fr": "Fiche de contrôle", "en": "Inspection report"},
    "REPORT.part": {"fr": "pièce", "en": "part"},
    "REPORT.drawing": {"fr": "plan", "en": "drawing"},
    "REPORT.program": {"fr": "programme", "en": "program"},
    "REPORT.student": {"fr": "élève", "en": "student"},
    "REPORT.date": {"fr": "date", "en": "date"},
    "REPORT.mark": {"fr": "Note : {mark} / {scale}", "en": "Mark: {mark} / {scale}"},
    "REPORT.capped": {
        "fr": "Note plafonnée à {cap} : une cote critique est hors tolérance.",
        "en": "Mark capped at {cap}: a critical check is out of tolerance.",
    },
    "REPORT.rule": {
        "fr": "Règle : chaque cote conforme rapporte tous ses points, une cote non conforme ou non mesurée "
              "n'en rapporte aucun ; une cote non notée (incertitude trop grande) ne compte pas. "
              "Note = {scale} × points obtenus / points possibles. Une cote critique non conforme "
              "plafonne la note à {cap}.",
        "en": "Rule: each check in tolerance earns all its points, a check out of tolerance or not measured "
              "earns none; a check that cannot be graded (uncertainty too large) does not count. "
              "Mark = {scale} × points earned / points possible. A critical check out of tolerance caps "
              "the mark at {cap}.",
    },
    "REPORT.findings": {"fr": "Remarques sur le programme", "en": "Findings on the program"},
    "REPORT.no_findings": {"fr": "Aucune remarque.", "en": "No findings."},
    "REPORT.source": {"fr": "Lignes du programme en cause", "en": "Program lines involved"},
    "REPORT.picture": {"fr": "Pièce simulée", "en": "Simulated part"},
    "REPORT.plan": {"fr": "Vue de dessus : cotes contrôlées (rouge : non conforme)",
                    "en": "Top view: checks (red: out of tolerance)"},
    "REPORT.design": {"fr": "Écart au modèle 3D (mm)", "en": "Deviation from the design model (mm)"},
    "REPORT.design_stats": {
        "fr": "min {min:.4f}, max {max:.4f}, moyenne {mean:.4f}, écart type {std:.4f} ; {beyond:.1f} % de la "
              "surface hors ±{tolerance} mm (creusé en dessous de zéro, surépaisseur au-dessus).",
        "en": "min {min:.4f}, max {max:.4f}, mean {mean:.4f}, std {std:.4f}; {beyond:.1f} % of the surface "
              "beyond ±{tolerance} mm (gouge below zero, excess above).",
    },
    "REPORT.reference": {"fr": "Comparaison avec le programme du professeur",
                         "en": "Comparison with the master's program"},
    "REPORT.reference_stats": {
        "fr": "Matière manquante : {missing:.2f} mm³ ; matière restante en trop : {left:.2f} mm³.",
        "en": "Material missing: {missing:.2f} mm³; material left: {left:.2f} mm³.",
    },
    "REPORT.summary_title": {"fr": "Synthèse de la classe", "en": "Class summary"},
    "REPORT.col.student": {"fr": "élève", "en": "student"},
    "REPORT.col.mark": {"fr": "note", "en": "mark"},
    "REPORT.col.failed": {"fr": "cotes non conformes", "en": "failed checks"},
    "REPORT.col.errors": {"fr": "erreurs", "en": "errors"},
    "REPORT.col.warnings": {"fr": "avertissements", "en": "warnings"},
    "REPORT.col.codes": {"fr": "codes", "en": "codes"},
    "REPORT.col.report": {"fr": "rapport", "en": "report"},
    "REPORT.col.problem": {"fr": "problème", "en": "problem"},
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
    "COMPENSATION.entry_short": {
        "fr": "Correction de rayon : le mouvement d'approche ne mesure que {length} mm, pas plus que le rayon de l'outil ({tool_radius} mm).",
        "en": "Cutter compensation: the lead-in move is only {length} mm long, no longer than the tool radius ({tool_radius} mm).",
        "hint_fr": "Partez d'un point plus éloigné du contour : l'approche doit être plus longue que le rayon.",
        "hint_en": "Start from a point further from the contour: the lead-in must be longer than the radius.",
    },
    "COMPENSATION.entry_arc": {
        "fr": "Correction de rayon : le premier mouvement après G41/G42 est un arc ; la commande refuse d'activer la correction sur un arc.",
        "en": "Cutter compensation: the first move after G41/G42 is an arc; the control refuses to start compensation on an arc.",
        "hint_fr": "Activez G41/G42 sur une droite (G0 ou G1) avant le premier arc du contour.",
        "hint_en": "Start G41/G42 on a straight move (G0 or G1) before the contour's first arc.",
    },
    "COMPENSATION.exit_arc": {
        "fr": "Correction de rayon : le mouvement qui annule la correction (G40) est un arc ; la commande le refuse.",
        "en": "Cutter compensation: the move that cancels compensation (G40) is an arc; the control refuses it.",
        "hint_fr": "Annulez la correction avec G40 sur une droite (G0 ou G1) qui s'éloigne de la pièce.",
        "hint_en": "Cancel compensation with G40 on a straight move (G0 or G1) leading away from the part.",
    },
    "COMPENSATION.arc_too_small": {
        "fr": "Correction de rayon : cet arc creux a un rayon de {arc_radius} mm, pas plus grand que celui de l'outil ({tool_radius} mm) ; l'outil ne peut pas y entrer.",
        "en": "Cutter compensation: this concave arc has a radius of {arc_radius} mm, no larger than the tool's ({tool_radius} mm); the tool cannot fit in it.",
        "hint_fr": "Prenez un outil plus petit ou agrandissez le rayon de l'arc sur le dessin.",
        "hint_en": "Use a smaller tool or a larger arc radius.",
    },
    "COMPENSATION.gouge": {
        "fr": "Correction de rayon : l'élément de la ligne {element_line} est trop court pour que l'outil (rayon {tool_radius} mm) le suive dans ce coin intérieur ; il entaillerait le contour.",
        "en": "Cutter compensation: the element on line {element_line} is too short for the tool (radius {tool_radius} mm) to follow in this inside corner; it would gouge the contour.",
        "hint_fr": "Prenez un outil plus petit, ou allongez cet élément du contour.",
        "hint_en": "Use a smaller tool, or make this element of the contour longer.",
    },
    "COMPENSATION.entry_gouge": {
        "fr": "Correction de rayon : l'approche de la ligne {element_line} arrive sous un angle trop fermé ; pour se placer sur le contour, l'outil (rayon {tool_radius} mm) recule et entaille la paroi. La machine réelle fait ce mouvement.",
        "en": "Cutter compensation: the lead-in on line {element_line} comes in at too sharp an angle; to reach the contour the tool (radius {tool_radius} mm) backs up and gouges the wall. The real machine makes this move.",
        "hint_fr": "Approchez le contour plus dans le sens du premier élément (angle ouvert), ou depuis un point à l'intérieur de la poche.",
        "hint_en": "Approach the contour more along its first element (an open angle), or from a point inside the pocket.",
    },
    "COMPENSATION.plane": {
        "fr": "Correction de rayon : cette commande ne fait pas la correction de rayon dans le plan G{plane}.",
        "en": "Cutter compensation: this control does not compensate the cutter radius in plane G{plane}.",
        "hint_fr": "Choisissez le plan G17 (XY) ou G18 (XZ) avant G41/G42.",
        "hint_en": "Select plane G17 (XY) or G18 (XZ) before G41/G42.",
    },
    "CANNED_CYCLE": {
        "fr": "Cycle de perçage impossible.",
        "en": "Impossible canned cycle.",
        "hint_fr": "Vérifiez les mots R, Z, Q et P du cycle.",
        "hint_en": "Check the cycle's R, Z, Q and P words.",
    },
    "CANNED_CYCLE.peck": {
        "fr": "{word} demande une profondeur de passe Q positive (ici Q{q}).",
        "en": "{word} needs a positive peck depth Q (here Q{q}).",
        "hint_fr": "Donnez Q, la profondeur de chaque débourrage en mm, par exemple Q2.",
        "hint_en": "Give Q, the depth of each peck in mm, for example Q2.",
    },
    "CANNED_CYCLE.peck_count": {
        "fr": "{word} avec Q{q} ferait plus de {count} débourrages : Q est sûrement faux.",
        "en": "{word} with Q{q} would make more than {count} pecks: Q is surely wrong.",
        "hint_fr": "Q est la profondeur de chaque débourrage en mm (par exemple Q2), pas un nombre de passes.",
        "hint_en": "Q is the depth of each peck in mm (for example Q2), not a number of pecks.",
    },
    "CANNED_CYCLE.r_below_bottom": {
        "fr": "Le plan de retrait R{r} est plus bas que le fond du trou Z{z} : l'outil percerait vers le haut.",
        "en": "The retract plane R{r} is below the bottom of the hole Z{z}: the tool would drill upwards.",
        "hint_fr": "R est le plan d'approche au-dessus de la pièce (par exemple R2.), Z le fond du trou.",
        "hint_en": "R is the approach plane above the part (for example R2.), Z the bottom of the hole.",
    },
    "CANNED_CYCLE.back_boring": {
        "fr": "Alésage en tirant G87 : le point R{r} (sous la pièce) doit être plus bas que Z{z}.",
        "en": "Back boring G87: point R{r} (below the part) must be lower than Z{z}.",
        "hint_fr": "En G87, R est le point de départ sous la pièce et Z le haut du lamage.",
        "hint_en": "In G87, R is the start point below the part and Z the top of the counterbore.",
    },
    "CANNED_CYCLE.dialect": {
        "fr": "{word} n'est pas un cycle de perçage de fraisage sur la commande {dialect}.",
        "en": "{word} is not a milling canned cycle on the {dialect} control.",
        "hint_fr": "Utilisez un autre cycle (G81 à G86, G89) ou programmez les mouvements avec G0/G1.",
        "hint_en": "Use another cycle (G81 to G86, G89) or program the moves with G0/G1.",
    },
    "CANNED_CYCLE.unknown": {
        "fr": "{word} n'est pas un cycle de perçage connu.",
        "en": "{word} is not a known canned cycle.",
        "hint_fr": "Les cycles sont G73, G74, G76 et G81 à G89.",
        "hint_en": "The cycles are G73, G74, G76 and G81 to G89.",
    },
    "PROGRAM_END_MISSING": {
        "fr": "Le programme ne se termine pas par M30 ou M2.",
        "en": "The program does not end with M30 or M2.",
        "hint_fr": "Ajoutez M30 à la fin du programme.",
        "hint_en": "Add M30 at the end of the program.",
    },
    # --- G-code front end: details (gcode/) -----------------------------------------------
    "FILE.binary": {
        "fr": "Le fichier {path} n'est pas un programme texte (il contient des octets binaires).",
        "en": "The file {path} is not a text program (it contains binary bytes).",
        "hint_fr": "Donnez le fichier .nc / .ngc / .tap du programme, pas un fichier binaire.",
        "hint_en": "Give the program's .nc / .ngc / .tap file, not a binary file.",
    },
    "SYNTAX.number": {
        "fr": "Erreur de syntaxe : le nombre de « {word} » est mal écrit.",
        "en": "Syntax error: the number in '{word}' is malformed.",
        "hint_fr": "Un seul point décimal et au moins un chiffre, par exemple X12.5 ou Z0.",
        "hint_en": "One decimal point and at least one digit, for example X12.5 or Z0.",
    },
    "SYNTAX.char": {
        "fr": "Erreur de syntaxe : caractère « {char} » inattendu.",
        "en": "Syntax error: unexpected character '{char}'.",
        "hint_fr": "Retirez-le ou mettez-le entre parenthèses comme commentaire.",
        "hint_en": "Remove it or put it in a comment between parentheses.",
    },
    "SYNTAX.polar_xy": {
        "fr": "Le mot {word} est mélangé aux coordonnées polaires @ (rayon) et ^ (angle) dans le même bloc.",
        "en": "The word {word} is mixed with the polar coordinates @ (radius) and ^ (angle) in the same block.",
        "hint_fr": "Donnez le point soit en X Y, soit en @ ^, pas les deux.",
        "hint_en": "Give the point either as X Y or as @ ^, not both.",
    },
    "SYNTAX.polar_origin": {
        "fr": "Déplacement polaire relatif (G91 avec @ ou ^) commencé à l'origine X0 Y0 : son angle n'est pas défini.",
        "en": "Incremental polar move (G91 with @ or ^) started at the origin X0 Y0: its angle is undefined.",
        "hint_fr": "Placez d'abord l'outil sur le cercle (par exemple G90 G0 @10 ^0), puis passez en G91.",
        "hint_en": "First put the tool on the circle (for example G90 G0 @10 ^0), then switch to G91.",
    },
    "SYNTAX.comment": {
        "fr": "Erreur de syntaxe : commentaire ouvert par « ( » et jamais fermé.",
        "en": "Syntax error: a comment opened with '(' is never closed.",
        "hint_fr": "Fermez le commentaire par « ) » sur la même ligne.",
        "hint_en": "Close the comment with ')' on the same line.",
    },
    "SYNTAX.letter": {
        "fr": "Erreur de syntaxe : la lettre {letter} n'est pas suivie d'un nombre.",
        "en": "Syntax error: the letter {letter} is not followed by a number.",
        "hint_fr": "Chaque adresse prend une valeur, par exemple {letter}10.",
        "hint_en": "Each address takes a value, for example {letter}10.",
    },
    "SYNTAX.expression": {
        "fr": "Erreur de syntaxe dans l'expression « {text} ».",
        "en": "Syntax error in the expression '{text}'.",
        "hint_fr": "Vérifiez les crochets [ ], les opérateurs et les noms de fonctions (SIN, SQRT...).",
        "hint_en": "Check the brackets [ ], the operators and the function names (SIN, SQRT...).",
    },
    "SYNTAX.assign": {
        "fr": "Erreur de syntaxe : il manque « = » après le numéro de variable.",
        "en": "Syntax error: '=' is missing after the variable number.",
        "hint_fr": "Écrivez par exemple #1 = 10.",
        "hint_en": "Write for example #1 = 10.",
    },
    "SYNTAX.oword": {
        "fr": "Erreur de syntaxe dans le mot o (sous-programme ou boucle).",
        "en": "Syntax error in the o-word (subroutine or loop).",
        "hint_fr": "Forme attendue : o100 sub, o100 call [1], o100 if [#1 GT 0], o100 endif...",
        "hint_en": "Expected form: o100 sub, o100 call [1], o100 if [#1 GT 0], o100 endif...",
    },
    "SYNTAX.macro": {
        "fr": "Erreur de syntaxe dans l'instruction macro {word}.",
        "en": "Syntax error in the macro statement {word}.",
        "hint_fr": "Formes : IF [#1 GT 0] GOTO 10, WHILE [#1 LT 5] DO 1, END 1.",
        "hint_en": "Forms: IF [#1 GT 0] GOTO 10, WHILE [#1 LT 5] DO 1, END 1.",
    },
    "SYNTAX.parameter": {
        "fr": "Numéro de variable #{number} impossible.",
        "en": "Impossible variable number #{number}.",
        "hint_fr": "Utilisez un numéro entier de 1 à 5399.",
        "hint_en": "Use a whole number from 1 to 5399.",
    },
    "SYNTAX.vacant_number": {
        "fr": "#[{name}] = ... : la variable {name} est vide, elle ne donne pas de numéro de variable où écrire.",
        "en": "#[{name}] = ...: the variable {name} is empty, so it gives no variable number to write to.",
        "hint_fr": "Donnez-lui une valeur avant, ou passez-la en argument de l'appel G65 (V pour #22, par exemple).",
        "hint_en": "Give it a value first, or pass it as an argument of the G65 call (V for #22, for example).",
    },
    "SYNTAX.undefined": {
        "fr": "La variable #<{name}> est lue avant d'avoir reçu une valeur.",
        "en": "The variable #<{name}> is read before it was given a value.",
        "hint_fr": "Donnez-lui une valeur avant, par exemple #<{name}> = 0.",
        "hint_en": "Give it a value first, for example #<{name}> = 0.",
    },
    "SYNTAX.math": {
        "fr": "Calcul impossible avec {op} (division par zéro, racine d'un nombre négatif...).",
        "en": "Impossible calculation with {op} (division by zero, square root of a negative...).",
        "hint_fr": "Vérifiez les valeurs des variables utilisées dans ce calcul.",
        "hint_en": "Check the values of the variables used in this calculation.",
    },
    "SYNTAX.repeated": {
        "fr": "L'adresse {letter} apparaît deux fois dans le même bloc.",
        "en": "The address {letter} appears twice in the same block.",
        "hint_fr": "Gardez une seule valeur de {letter} par ligne.",
        "hint_en": "Keep a single {letter} value per line.",
    },
    "SYNTAX.integer": {
        "fr": "La valeur {letter}{value} n'est pas permise : il faut un nombre entier positif.",
        "en": "The value {letter}{value} is not allowed: a positive whole number is needed.",
        "hint_fr": "Écrivez un nombre entier, par exemple {letter}1.",
        "hint_en": "Write a whole number, for example {letter}1.",
    },
    "SYNTAX.missing": {
        "fr": "{code} a besoin de l'adresse {word}.",
        "en": "{code} needs the address {word}.",
        "hint_fr": "Ajoutez {word} sur le même bloc.",
        "hint_en": "Add {word} on the same block.",
    },
    "UNSUPPORTED.code": {
        "fr": "{word} n'est pas simulé par machinesim : ce mot est ignoré, le reste du bloc est exécuté.",
        "en": "{word} is not simulated by machinesim: this word is ignored, the rest of the block runs.",
        "hint_fr": "Le résultat simulé peut différer de la machine sur ce point.",
        "hint_en": "The simulated result may differ from the machine on this point.",
    },
    "NO_MOTION_MODE": {
        "fr": "Des coordonnées sans mode de déplacement actif (après G80, il faut G0 ou G1).",
        "en": "Coordinates without an active motion mode (after G80, G0 or G1 is needed).",
        "hint_fr": "Ajoutez G0 ou G1 sur ce bloc.",
        "hint_en": "Add G0 or G1 on this block.",
    },
    "NO_FEED.per_rev": {
        "fr": "Avance par tour (G95) avec la broche arrêtée : la machine n'avancerait pas.",
        "en": "Feed per revolution (G95) with the spindle stopped: the machine would not move.",
        "hint_fr": "Démarrez la broche (S... M3) avant, ou passez en G94.",
        "hint_en": "Start the spindle (S... M3) first, or use G94.",
    },
    "ARC_GEOMETRY.reach": {
        "fr": "Arc impossible : le rayon R{r} est plus petit que la moitié de la distance au point d'arrivée ({half}).",
        "en": "Impossible arc: the radius R{r} is smaller than half the distance to the end point ({half}).",
        "hint_fr": "Augmentez R ou corrigez le point d'arrivée.",
        "hint_en": "Increase R or fix the end point.",
    },
    "ARC_GEOMETRY.radii": {
        "fr": "Arc impossible : le rayon au départ ({r0}) et à l'arrivée ({r1}) diffèrent de plus de {tol} mm.",
        "en": "Impossible arc: the radius at the start ({r0}) and at the end ({r1}) differ by more than {tol} mm.",
        "hint_fr": "Recalculez I J K à partir du point de départ, ou le point d'arrivée.",
        "hint_en": "Recompute I J K from the start point, or the end point.",
    },
    "ARC_GEOMETRY.zero": {
        "fr": "Arc impossible : son rayon est nul.",
        "en": "Impossible arc: its radius is zero.",
        "hint_fr": "Vérifiez I J K : ils donnent le centre depuis le point de départ.",
        "hint_en": "Check I J K: they give the centre from the start point.",
    },
    "ARC_GEOMETRY.full_circle_r": {
        "fr": "Arc impossible : un cercle complet ne peut pas être donné par R.",
        "en": "Impossible arc: a full circle cannot be given with R.",
        "hint_fr": "Programmez le cercle complet avec I et J.",
        "hint_en": "Program the full circle with I and J.",
    },
    "ARC_GEOMETRY.mixed": {
        "fr": "Arc impossible : R et I J K sont donnés ensemble.",
        "en": "Impossible arc: R and I J K are given together.",
        "hint_fr": "Gardez soit R, soit I J K.",
        "hint_en": "Keep either R or I J K.",
    },
    "ARC_GEOMETRY.no_center": {
        "fr": "Arc sans centre ni rayon dans le plan {plane}.",
        "en": "Arc without centre or radius in plane {plane}.",
        "hint_fr": "Ajoutez R, ou I J K du plan actif (G17 : I J, G18 : I K, G19 : J K).",
        "hint_en": "Add R, or the active plane's I J K (G17: I J, G18: I K, G19: J K).",
    },
    "ARC_GEOMETRY.plane_word": {
        "fr": "{word} n'appartient pas au plan {plane} de l'arc.",
        "en": "{word} does not belong to the arc's plane {plane}.",
        "hint_fr": "Retirez-le ou changez de plan (G17, G18, G19).",
        "hint_en": "Remove it or change the plane (G17, G18, G19).",
    },
    "ARC_GEOMETRY.no_end": {
        "fr": "Arc sans point d'arrivée.",
        "en": "Arc without an end point.",
        "hint_fr": "Donnez les coordonnées d'arrivée (X Y Z).",
        "hint_en": "Give the end coordinates (X Y Z).",
    },
    "MODAL_CONFLICT.g53_incremental": {
        "fr": "G53 (coordonnées machine) n'a pas de sens en G91 : la commande refuse ou ignore ce bloc.",
        "en": "G53 (machine coordinates) makes no sense in G91: the control refuses or ignores this block.",
        "hint_fr": "Passez en G90 avant G53, par exemple G90 G53 G0 Z0.",
        "hint_en": "Switch to G90 before G53, for example G90 G53 G0 Z0.",
    },
    "CANNED_CYCLE.missing": {
        "fr": "Le cycle {code} n'a pas de valeur {word}.",
        "en": "The cycle {code} has no {word} value.",
        "hint_fr": "Donnez {word} sur le premier bloc du cycle.",
        "hint_en": "Give {word} on the cycle's first block.",
    },
    "COMPENSATION.cycle": {
        "fr": "Le cycle {word} est appelé pendant la correction de rayon.",
        "en": "The cycle {word} is called while cutter compensation is on.",
        "hint_fr": "Annulez la correction par G40 avant le cycle.",
        "hint_en": "Cancel the compensation with G40 before the cycle.",
    },
    "COMPENSATION.already_on": {
        "fr": "La correction de rayon est déjà active.",
        "en": "Cutter compensation is already on.",
        "hint_fr": "Annulez-la par G40 avant d'en activer une autre.",
        "hint_en": "Cancel it with G40 before turning another one on.",
    },
    "SUBPROGRAM": {
        "fr": "Appel de sous-programme impossible.",
        "en": "Impossible subprogram call.",
        "hint_fr": "Vérifiez les numéros O, P et N.",
        "hint_en": "Check the O, P and N numbers.",
    },
    "SUBPROGRAM.missing": {
        "fr": "Le sous-programme {label} est introuvable dans le fichier.",
        "en": "The subprogram {label} is not in the file.",
        "hint_fr": "Ajoutez-le après M30 (O... jusqu'à M99) ou corrigez le numéro.",
        "hint_en": "Add it after M30 (O... up to M99) or fix the number.",
    },
    "SUBPROGRAM.missing_file": {
        "fr": "Le sous-programme {label} n'est ni dans le fichier, ni à côté de lui : aucun fichier {files} dans le dossier {folder}.",
        "en": "The subprogram {label} is neither in the file nor beside it: no file {files} in the folder {folder}.",
        "hint_fr": "Copiez le sous-programme à côté du programme sous le nom {files} (seul ce dossier est lu, pas ses sous-dossiers), ou ajoutez-le après M30.",
        "hint_en": "Copy the subprogram beside the program, named {files} (only that folder is read, not its sub-folders), or add it after M30.",
    },
    "SUBPROGRAM.sequence": {
        "fr": "Le bloc N{number} est introuvable.",
        "en": "Block N{number} does not exist.",
        "hint_fr": "Corrigez le numéro après GOTO ou M99 P.",
        "hint_en": "Fix the number after GOTO or M99 P.",
    },
    "SUBPROGRAM.vacant_goto": {
        "fr": "GOTO {name} : la variable {name} est vide, il n'y a pas de numéro de bloc où sauter.",
        "en": "GOTO {name}: the variable {name} is empty, so there is no block number to jump to.",
        "hint_fr": "Donnez-lui une valeur avant (par exemple {name} = 300), ou passez-la en argument de l'appel G65.",
        "hint_en": "Give it a value first (for example {name} = 300), or pass it as an argument of the G65 call.",
    },
    "SUBPROGRAM.loop": {
        "fr": "{word} n'a pas de partenaire (WHILE ... DO n / END n).",
        "en": "{word} has no partner (WHILE ... DO n / END n).",
        "hint_fr": "Chaque DO n doit être fermé par END n avec le même n.",
        "hint_en": "Each DO n must be closed by END n with the same n.",
    },
    "SUBPROGRAM.block": {
        "fr": "Il manque « o{label} {keyword} » pour fermer ce bloc.",
        "en": "'o{label} {keyword}' is missing to close this block.",
        "hint_fr": "Chaque sub, if, while, do, repeat a sa ligne de fin avec le même numéro o.",
        "hint_en": "Each sub, if, while, do, repeat has its end line with the same o number.",
    },
    "SUBPROGRAM.return": {
        "fr": "Fin de sous-programme o{label} atteinte sans appel.",
        "en": "End of subroutine o{label} reached without a call.",
        "hint_fr": "Placez les sous-programmes avant le programme principal ou après M2/M30.",
        "hint_en": "Put subroutines before the main program or after M2/M30.",
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
    "OVERLOAD.power": {
        "fr": "l'outil T{tool} enlève {mrr} cm³/min : il faudrait {power} kW à la broche, la machine n'en a que {limit}",
        "en": "tool T{tool} removes {mrr} cm³/min: the spindle would need {power} kW, the machine has only {limit}",
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
    "DEPTH_OVER_FLUTE.depth": {
        "fr": "L'outil coupe sur {depth} mm de haut, mais sa partie coupante ne mesure que {flute} mm : "
              "le haut de l'outil frotterait dans la matière et l'outil casserait.",
        "en": "The tool cuts {depth} mm deep, but its cutting part is only {flute} mm long: "
              "the top of the tool would rub in the material and the tool would break.",
        "hint_fr": "Faites plusieurs passes de {flute} mm au plus, ou prenez un outil plus long.",
        "hint_en": "Take several passes of at most {flute} mm each, or use a longer tool.",
    },
    "SHANK_COLLISION.body": {
        "fr": "La queue de l'outil (Ø{diameter} mm, plus large que la partie coupante) frotterait contre la "
              "matière ici : elle ne coupe pas, l'outil casserait.",
        "en": "The tool's shank (Ø{diameter} mm, wider than its cutting part) would rub against the material "
              "here: it does not cut, the tool would break.",
        "hint_fr": "Prenez un outil dont la partie coupante est plus longue, ou usinez moins profond.",
        "hint_en": "Use a tool with a longer cutting part, or machine less deep.",
    },
    "HOLDER_COLLISION.body": {
        "fr": "Le porte-outil (Ø{diameter} mm) heurterait la pièce : l'outil ne dépasse que de {stickout} mm "
              "du porte-outil, c'est trop court pour cette profondeur.",
        "en": "The tool holder (Ø{diameter} mm) would hit the part: the tool sticks out only {stickout} mm "
              "from the holder, too short for this depth.",
        "hint_fr": "Sortez l'outil davantage du porte-outil (et mettez à jour sa longueur dans le fichier de "
                   "réglage), ou prenez un outil plus long.",
        "hint_en": "Let the tool stick out further from the holder (and update its length in the job file), "
                   "or use a longer tool.",
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


def render(finding: Finding, lang: str = "en", with_hint: bool = True, where: bool = True) -> str:
    """`file:line:column: severity CODE: sentence` and, below, `→ what to do`.

    `where=False` leaves the location out (for output already grouped by line) but keeps the column.
    """
    sev = text("severity." + finding.severity, lang)
    if where:
        head = finding.file or "?"
        if finding.line:
            head += f":{finding.line}"
            if finding.column:
                head += f":{finding.column}"
        out = f"{head}: {sev} {finding.code}: {message(finding, lang)}"
    else:
        col = f" ({text('column', lang)} {finding.column})" if finding.column else ""
        out = f"{sev} {finding.code}{col}: {message(finding, lang)}"
    if with_hint:
        h = hint(finding.message_key, lang, **finding.params)
        if h:
            out += f"\n    → {h}"
    return out
