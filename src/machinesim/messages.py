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
    "cycle_time": {"fr": "Temps de cycle : {time}", "en": "Cycle time: {time}"},
    "interrupted": {"fr": "Interrompu : aucun fichier à moitié écrit n'a été laissé.",
                    "en": "Interrupted: no half-written file was left behind."},
    # --- turning (lathe/) -----------------------------------------------------------------
    "NO_SPINDLE_LIMIT": {
        "fr": "G96 (vitesse de coupe constante {vc} m/min) sans limite G50 S : quand l'outil va vers l'axe, la broche monterait au-delà de {rpm} tr/min et la pièce pourrait être arrachée du mandrin.",
        "en": "G96 (constant surface speed {vc} m/min) without a G50 S limit: as the tool goes toward the axis the spindle would run past {rpm} rpm and could throw the part out of the chuck.",
        "hint_fr": "Écrivez G50 S... (par exemple G50 S2500) avant G96.",
        "hint_en": "Write G50 S... (for example G50 S2500) before G96.",
    },
    "THREAD_FEED": {
        "fr": "Filetage : {rpm} tr/min × pas {lead} mm = {feed} mm/min, plus que l'avance maximale de l'axe Z ({limit} mm/min) ; le filet serait raté.",
        "en": "Threading: {rpm} rpm × lead {lead} mm = {feed} mm/min, more than the Z axis can feed ({limit} mm/min); the thread would be spoiled.",
        "hint_fr": "Baissez la vitesse de broche (G97 S...) pour le filetage.",
        "hint_en": "Lower the spindle speed (G97 S...) for threading.",
    },
    "CHUCK_COLLISION": {
        "fr": "L'outil ou son porte-outil entre dans les mors du mandrin (face des mors à Z{jaw}) : collision.",
        "en": "The tool or its holder runs into the chuck jaws (jaw face at Z{jaw}): crash.",
        "hint_fr": "Arrêtez l'usinage avant les mors et dégagez en X avant de revenir en Z.",
        "hint_en": "Stop cutting before the jaws and clear in X before moving back along Z.",
    },
    "TAILSTOCK_COLLISION": {
        "fr": "L'outil touche la contre-pointe.",
        "en": "The tool hits the tailstock.",
        "hint_fr": "Dégagez en X avant d'aller vers la contre-pointe, ou reculez-la.",
        "hint_en": "Clear in X before moving toward the tailstock, or move it back.",
    },
    "BORE_BOTTOM": {
        "fr": "La barre d'alésage entre dans la matière pleine au fond de l'alésage : elle casserait.",
        "en": "The boring bar goes into solid material at the bottom of the bore: it would break.",
        "hint_fr": "Arrêtez l'alésage avant le fond du perçage (vérifiez Z et la longueur percée).",
        "hint_en": "Stop boring before the bottom of the drilled hole (check Z and the drilled depth).",
    },
    "RAPID_IN_MATERIAL.lathe": {
        "fr": "Un déplacement rapide G0 traverse la matière (jusqu'à {depth} mm d'épaisseur) : l'outil casserait.",
        "en": "A rapid move G0 goes through the material (up to {depth} mm thick): the tool would break.",
        "hint_fr": "Approchez en G0 hors de la barre, puis entrez en G1 avec une avance.",
        "hint_en": "Approach at G0 outside the bar, then go in with G1 and a feed.",
    },
    "SPINDLE_DIRECTION": {
        "fr": "La broche tourne dans le mauvais sens pour cet outil ({hand}) : {bad} au lieu de {good}, l'arête ne coupe pas.",
        "en": "The spindle turns the wrong way for this tool ({hand}): {bad} instead of {good}, the edge does not cut.",
        "hint_fr": "Utilisez {good} avec cet outil.",
        "hint_en": "Use {good} with this tool.",
    },
    "INSERT_ANGLE": {
        "fr": "Plongée à {angle}° trop raide pour la plaquette ({insert}°) : l'arête arrière frotterait dans la pièce.",
        "en": "A {angle}° plunge is too steep for the insert ({insert}°): its trailing edge would rub into the part.",
        "hint_fr": "Prenez une plaquette plus fine (V à 35°) ou usinez ce creux avec un outil à gorge.",
        "hint_en": "Use a narrower insert (a 35° V) or cut this recess with a grooving tool.",
    },
    "FEED_PER_REV": {
        "fr": "Avance de {feed} mm/tr hors de la plage de la plaquette de T{tool} ({low}–{high} mm/tr).",
        "en": "Feed of {feed} mm/rev outside the range of T{tool}'s insert ({low}–{high} mm/rev).",
        "hint_fr": "En G99, F est en mm/tr : choisissez F dans la plage de la plaquette.",
        "hint_en": "In G99, F is in mm/rev: pick F within the insert's range.",
    },
    "LATHE.profile_back": {
        "fr": "Le profil du cycle revient en arrière le long de la passe (ligne {profile_line}) : la commande refuse le cycle.",
        "en": "The cycle's profile goes back along the cut (line {profile_line}): the control refuses the cycle.",
        "hint_fr": "Le profil entre P et Q doit avancer dans un seul sens en Z (G71) ou en X (G72).",
        "hint_en": "The profile between P and Q must go one way in Z (G71) or in X (G72).",
    },
    "LATHE.profile_monotonic": {
        "fr": "Profil non monotone en G71/G72 type I (ligne {profile_line}) : la commande refuse le cycle (alarme de forme).",
        "en": "The profile is not monotonic for G71/G72 type I (line {profile_line}): the control refuses the cycle (shape alarm).",
        "hint_fr": "Pour un creux, programmez X et Z dans le premier bloc du profil (type II) ou utilisez G73.",
        "hint_en": "For a recess, give both X and Z in the profile's first block (type II) or use G73.",
    },
    "LATHE.corner_axis": {
        "fr": "Chanfrein ou arrondi {word} : le bloc G1 doit se déplacer le long d'un seul axe (X ou Z).",
        "en": "Chamfer or corner {word}: the G1 block must move along one axis only (X or Z).",
        "hint_fr": "Programmez le chanfrein entre un déplacement en Z seul et un déplacement en X seul, ou écrivez-le en X et Z.",
        "hint_en": "Put the chamfer between a Z-only move and an X-only move, or write it out in X and Z.",
    },
    "LATHE.corner_short": {
        "fr": "Chanfrein ou arrondi {word}{amount} plus long que le déplacement du bloc.",
        "en": "Chamfer or corner {word}{amount} longer than the block's move.",
        "hint_fr": "Réduisez {word} ou allongez le déplacement.",
        "hint_en": "Make {word} smaller or the move longer.",
    },
    "LATHE.corner_next": {
        "fr": "Chanfrein ou arrondi {word} : le bloc suivant (ligne {next}) doit partir le long de l'autre axe, plus loin que le chanfrein.",
        "en": "Chamfer or corner {word}: the next block (line {next}) must go along the other axis, further than the chamfer.",
        "hint_fr": "Après G1 Z... C..., écrivez un déplacement en X seul (et inversement).",
        "hint_en": "After G1 Z... C..., write an X-only move (and the other way round).",
    },
    "LATHE.profile_empty": {
        "fr": "Le profil à partir de N{p} ne contient aucun déplacement.",
        "en": "The profile from N{p} holds no move.",
        "hint_fr": "Vérifiez les numéros P et Q du cycle.",
        "hint_en": "Check the cycle's P and Q numbers.",
    },
    "LATHE.pq_order": {
        "fr": "Le bloc N{q} (Q) est avant le bloc N{p} (P).",
        "en": "Block N{q} (Q) comes before block N{p} (P).",
        "hint_fr": "P est le premier bloc du profil, Q le dernier.",
        "hint_en": "P is the profile's first block, Q its last.",
    },
    "MEASURE.lathe_no_material": {
        "fr": "Contrôle {id} « {name} » : pas de matière à Z{z}.",
        "en": "Check {id} '{name}': no material at Z{z}.",
        "hint_fr": "Vérifiez at_z dans la fiche de contrôle, ou la longueur de la pièce.",
        "hint_en": "Check at_z in the spec, or the part's length.",
    },
    "MEASURE.lathe_no_face": {
        "fr": "Contrôle {id} « {name} » : aucune face trouvée près de Z{z} au rayon {r}.",
        "en": "Check {id} '{name}': no face found near Z{z} at radius {r}.",
        "hint_fr": "Donnez un point [z, rayon] sur la face, à moins de 3 mm (faces = [[z, r], [z, r]]).",
        "hint_en": "Give a point [z, radius] on the face, within 3 mm (faces = [[z, r], [z, r]]).",
    },
    "MEASURE.lathe_no_groove": {
        "fr": "Contrôle {id} « {name} » : pas de gorge à Z{z}.",
        "en": "Check {id} '{name}': no groove at Z{z}.",
        "hint_fr": "Vérifiez la plongée de l'outil à gorge (X et Z), ou at_z dans la fiche de contrôle.",
        "hint_en": "Check the grooving tool's plunge (X and Z), or at_z in the spec.",
    },
    "MEASURE.lathe_no_thread": {
        "fr": "Contrôle {id} « {name} » : pas de filetage à Z{z}.",
        "en": "Check {id} '{name}': no thread at Z{z}.",
        "hint_fr": "Vérifiez le cycle G76 ou G92 (Z de fin, outil à fileter), ou at_z dans la fiche de contrôle.",
        "hint_en": "Check the G76 or G92 cycle (end Z, threading tool), or at_z in the spec.",
    },
    "MEASURE.lathe_instrument": {
        "fr": "Contrôle {id} « {name} » : l'instrument {instrument} mesure les pièces fraisées ; pour une pièce tournée utilisez diameter, length, taper, radius, groove, thread ou roughness avec at_z.",
        "en": "Check {id} '{name}': the {instrument} instrument measures milled parts; for a turned part use diameter, length, taper, radius, groove, thread or roughness with at_z.",
        "hint_fr": "Réécrivez ce contrôle avec un instrument de tournage.",
        "hint_en": "Rewrite this check with a turning instrument.",
    },
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
        "hint_fr": "Réinstallez machinesim (pip install .) : ses scripts 3D manquent. Le rapport garde les images fixes.",
        "hint_en": "Reinstall machinesim (pip install .): its 3D scripts are missing. The report keeps its still pictures.",
    },
    # --- grading a master can sign, API and command line (issue 11) -----------------------
    "FILE.folder": {
        "fr": "{path} est un dossier, pas un fichier programme.",
        "en": "{path} is a folder, not a program file.",
        "hint_fr": "Donnez le fichier du programme (par exemple {path}/piece.nc), ou utilisez « machinesim grade {path} » pour corriger toute une classe.",
        "hint_en": "Give the program file (for example {path}/part.nc), or use 'machinesim grade {path}' to grade a whole class.",
    },
    "FILE.not_folder": {
        "fr": "{path} est un fichier, pas le dossier d'une classe.",
        "en": "{path} is a file, not a class folder.",
        "hint_fr": "Donnez le dossier qui contient les programmes des élèves, ou utilisez « machinesim check {path} » pour un seul programme.",
        "hint_en": "Give the folder that holds the students' programs, or use 'machinesim check {path}' for one program.",
    },
    "FILE.system": {
        "fr": "Le système refuse l'écriture ou la lecture de {path} : {error}. Aucun fichier à moitié écrit n'a été laissé.",
        "en": "The system refused to write or read {path}: {error}. No half-written file was left behind.",
        "hint_fr": "Vérifiez la place libre sur le disque et le droit d'écrire dans le dossier, ou choisissez un autre dossier avec --out.",
        "hint_en": "Check the free disk space and that you may write in the folder, or choose another folder with --out.",
    },
    "FILE.system_any": {
        "fr": "Le système refuse une écriture ou une lecture : {error}. Aucun fichier à moitié écrit n'a été laissé.",
        "en": "The system refused a write or a read: {error}. No half-written file was left behind.",
        "hint_fr": "Vérifiez la place libre sur le disque et le droit d'écrire dans le dossier, ou choisissez un autre dossier avec --out.",
        "hint_en": "Check the free disk space and that you may write in the folder, or choose another folder with --out.",
    },
    "said.os.EACCES": {"fr": "permission refusée", "en": "permission denied"},
    "said.os.EPERM": {"fr": "opération non permise", "en": "operation not permitted"},
    "said.os.EROFS": {"fr": "le disque est en lecture seule", "en": "the disk is read-only"},
    "said.os.ENOSPC": {"fr": "le disque est plein", "en": "the disk is full"},
    "said.os.EDQUOT": {"fr": "le quota de disque est atteint", "en": "the disk quota is reached"},
    "said.os.ENOENT": {"fr": "le dossier n'existe plus", "en": "the folder no longer exists"},
    "said.render_not_run": {"fr": "l'essai de rendu n'a pas pu être lancé ({error})",
                            "en": "the test render could not run ({error})"},
    "said.render_crashed": {"fr": "l'essai de rendu a planté ({name}) : les bibliothèques OpenGL manquent",
                            "en": "the test render crashed ({name}): the OpenGL libraries are missing"},
    "said.render_failed": {"fr": "l'essai de rendu a échoué ({last})", "en": "the test render failed ({last})"},
    "said.render_blank": {"fr": "l'essai de rendu est sorti vide ({window})", "en": "the test render came out blank ({window})"},
    "GRADE.empty_class": {
        "fr": "Le dossier {path} ne contient aucun programme à corriger ({skipped} fichier(s) ignoré(s)).",
        "en": "The folder {path} holds no program to grade ({skipped} file(s) skipped).",
        "hint_fr": "Mettez les programmes des élèves dans ce dossier (.nc, .ngc, .tap, ou du G-code sans extension).",
        "hint_en": "Put the students' programs in this folder (.nc, .ngc, .tap, or G-code without an extension).",
    },
    "GRADE.locked": {
        "fr": "Une autre correction écrit déjà dans {path} : les rapports se mélangeraient.",
        "en": "Another grading run is already writing into {path}: the reports would mix.",
        "hint_fr": "Attendez qu'elle se termine, ou choisissez un autre dossier avec --out.",
        "hint_en": "Wait until it ends, or choose another folder with --out.",
    },
    "interrupted_now": {"fr": "Interrompu (Ctrl-C) : arrêt immédiat, aucun fichier n'était en cours d'écriture.",
                        "en": "Interrupted (Ctrl-C): stopped at once, no file was being written."},
    "GRADE.interrupted": {"fr": "non corrigé : correction interrompue (Ctrl-C)",
                          "en": "not graded: grading interrupted (Ctrl-C)"},
    "GRADE.os_error": {"fr": "erreur du système : {error}", "en": "system error: {error}"},
    "GRADE.skip_hidden": {"fr": "fichier caché", "en": "hidden file"},
    "GRADE.skip_output": {"fr": "dossier de résultats de machinesim", "en": "machinesim's output folder"},
    "GRADE.skip_special": {"fr": "pas un fichier ordinaire", "en": "not a regular file"},
    "GRADE.skip_unreadable": {"fr": "illisible", "en": "unreadable"},
    "GRADE.skip_not_gcode": {"fr": "ce n'est pas du G-code (consignes, fiche, tableau…)",
                             "en": "not G-code (instructions, a spec, a table…)"},
    "grade.columns": {"fr": "élève                  note  hors tol.  non mesurées  constats",
                      "en": "student                mark  out        not measured  findings"},
    "grade.capped_note": {"fr": "* note plafonnée : une cote critique est hors tolérance ou non mesurée.",
                          "en": "* mark capped: a critical check is out of tolerance or not measured."},
    "grade.skipped": {"fr": "Ignoré : {path} ({reason})", "en": "Skipped: {path} ({reason})"},
    "findings.at_lines": {"fr": "{file}, lignes {line}–{end} ({count}×) :", "en": "{file}, lines {line}–{end} ({count}×):"},
    "findings.at_span": {"fr": "{file}, lignes {line}–{end} :", "en": "{file}, lines {line}–{end}:"},
    "findings.more": {
        "fr": "… et {count} autres {code} plus loin dans le programme (tous dans result.json).",
        "en": "… and {count} more {code} further on in the program (all of them in result.json).",
    },
    "stopped": {
        "fr": "La simulation s'est arrêtée à la ligne {line} ({code}) : « {quote} ». Les mouvements suivants n'ont pas été simulés.",
        "en": "The simulation stopped at line {line} ({code}): '{quote}'. The moves after it were not simulated.",
    },
    "first_run": {
        "fr": "Premier lancement : machinesim compile ses calculs (environ une minute, une seule fois)…",
        "en": "First run: machinesim compiles its kernels (about a minute, only once)…",
    },
    "render.stopped": {"fr": "arrêt l.{line} {code}", "en": "stopped l.{line} {code}"},
    "MEASURE.not_machined": {
        "fr": "Cote {id} « {name} » ({instrument}) : surface non usinée, aucun mouvement du programme ne l'a taillée.",
        "en": "Check {id} '{name}' ({instrument}): surface not machined, no move of the program cut it.",
        "hint_fr": "Le programme s'est arrêté avant, n'enlève pas de matière ici, ou n'atteint pas cette forme : vérifiez les lignes signalées.",
        "hint_en": "The program stopped before, removes no material here, or never reaches this feature: look at the lines reported.",
    },
    "REPORT.at_line": {"fr": "ligne {line}", "en": "line {line}"},
    "REPORT.at_lines": {"fr": "lignes {line}–{end} ({count}×)", "en": "lines {line}–{end} ({count}×)"},
    "REPORT.at_span": {"fr": "lignes {line}–{end}", "en": "lines {line}–{end}"},
    "REPORT.stopped": {
        "fr": "La simulation s'est arrêtée à la ligne {line} ({code}) : la suite du programme n'a pas été usinée.",
        "en": "The simulation stopped at line {line} ({code}): the rest of the program was not machined.",
    },
    "REPORT.not_machined": {"fr": "Rien n'a été usiné : aucune cote ne rapporte de point.",
                            "en": "Nothing was machined: no check earns a point."},
    "REPORT.summary_capped": {"fr": "plafonnée", "en": "capped"},
    "REPORT.col.capped": {"fr": "plafond", "en": "cap"},
    "REPORT.col.not_measured": {"fr": "cotes non mesurées", "en": "checks not measured"},
    "REPORT.col.stopped": {"fr": "arrêt à la ligne", "en": "stopped at line"},
    "REPORT.skipped": {"fr": "Fichiers ignorés", "en": "Files skipped"},
    "REPORT.skipped_item": {"fr": "{path} : {reason}", "en": "{path}: {reason}"},
    "said.number": {"fr": "un nombre", "en": "a number"},
    "said.positive_number": {"fr": "un nombre positif", "en": "a positive number"},
    "said.vector3": {"fr": "une liste de trois nombres, comme [0, 0, -20]",
                     "en": "a list of three numbers, like [0, 0, -20]"},
    "said.table": {"fr": "une table {{ ... }}", "en": "a table {{ ... }}"},
    "said.whole_number": {"fr": "un nombre entier", "en": "a whole number"},
    "said.quoted_text": {"fr": "un texte entre guillemets", "en": "a text in quotes"},
    "said.true_false": {"fr": "true ou false", "en": "true or false"},
    "said.tables": {"fr": "des tables {what}", "en": "{what} tables"},
    "said.number_mm": {"fr": "un nombre (mm)", "en": "a number (mm)"},
    "said.numbers": {"fr": "une liste de {n} nombres, comme {example}", "en": "a list of {n} numbers, like {example}"},
    "said.axis": {"fr": "\"x\", \"y\", \"z\" ou [i, j, k]", "en": "\"x\", \"y\", \"z\" or [i, j, k]"},
    "said.nonzero_vector": {"fr": "un vecteur non nul", "en": "a vector that is not zero"},
    "said.axis_z": {"fr": "\"z\" (faces vues du dessus)", "en": "\"z\" (faces seen from above)"},
    "said.axis_bore": {"fr": "\"z\" (l'axe de l'alésage donne la face)", "en": "\"z\" (the bore's axis gives the face)"},
    "said.axis_normal": {"fr": "\"x\", \"y\", \"z\" ou [-1, 0, 0]… : la normale extérieure de la face",
                         "en": "\"x\", \"y\", \"z\" or [-1, 0, 0]…: the face's outward normal"},
    "said.region": {"fr": "[x0, y0, x1, y1] avec x0 < x1, y0 < y1", "en": "[x0, y0, x1, y1] with x0 < x1, y0 < y1"},
    "said.position_of": {"fr": "le numéro id d'une cote bore ou boss", "en": "the id of a bore or boss check"},
    "said.section": {"fr": "une table [{what}]", "en": "a table [{what}]"},
    "said.general": {"fr": "\"ISO 2768-f\", \"ISO 2768-m\", \"ISO 2768-c\", \"ISO 2768-v\" (+ H, K ou L)",
                     "en": "\"ISO 2768-f\", \"ISO 2768-m\", \"ISO 2768-c\", \"ISO 2768-v\" (+ H, K or L)"},
    "instrument.outside": {"fr": "mesure extérieure", "en": "outside"},
    "instrument.inside": {"fr": "mesure intérieure", "en": "inside"},
    "instrument.depth": {"fr": "profondeur", "en": "depth"},
    "instrument.height": {"fr": "hauteur", "en": "height"},
    "instrument.bore": {"fr": "alésage", "en": "bore"},
    "instrument.boss": {"fr": "tenon", "en": "boss"},
    "instrument.position": {"fr": "position", "en": "position"},
    "instrument.flatness": {"fr": "planéité", "en": "flatness"},
    "instrument.roughness": {"fr": "rugosité", "en": "roughness"},
    "REPORT.kind.missing": {"fr": "manquante", "en": "missing"},
    "REPORT.kind.left": {"fr": "en trop", "en": "left"},
    "REPORT.kind.gouge": {"fr": "creusé", "en": "gouge"},
    "REPORT.kind.excess": {"fr": "surépaisseur", "en": "excess"},
    "REPORT.viewer_title": {"fr": "Pièce simulée en 3D — {name}", "en": "Simulated part in 3D — {name}"},
    "cli.description": {"fr": "Simulateur d'usinage CNC et outil de formation",
                        "en": "CNC machining simulator and training tool"},
    "cli.command.demo": {"fr": "la pièce d'exemple intégrée, de bout en bout", "en": "run the embedded sample part end to end"},
    "cli.command.run": {"fr": "simuler un programme", "en": "simulate a program"},
    "cli.command.check": {"fr": "simuler et mesurer selon une fiche de contrôle", "en": "simulate and measure against a spec"},
    "cli.command.grade": {"fr": "corriger tous les programmes d'un dossier", "en": "grade every program of a folder"},
    "cli.command.render": {"fr": "les images seulement", "en": "pictures only"},
    "cli.command.moves": {"fr": "la trajectoire interprétée, un objet JSON par mouvement",
                          "en": "the interpreted toolpath, one JSON object per move"},
    "cli.command.bench": {"fr": "les mesures de performance", "en": "the benchmark suite"},
    "cli.help.program": {"fr": "le programme (G-code)", "en": "the program (G-code)"},
    "cli.help.folder": {"fr": "le dossier de la classe (un programme par élève)",
                        "en": "the class folder (one program per student)"},
    "cli.help.output": {"fr": "l'image à écrire (.png)", "en": "the picture to write (.png)"},
    "cli.help.toolpath": {"fr": "dessiner la trajectoire de l'outil", "en": "draw the toolpath"},
    "cli.help.format": {"fr": "format de sortie", "en": "output format"},
    "cli.help.lang": {"fr": "langue des messages (fr, en)", "en": "language of messages (fr, en)"},
    "cli.help.quiet": {"fr": "sans barre de progression", "en": "no progress bars"},
    "cli.help.job": {"fr": "fiche de réglage (TOML) : machine, brut, outils, bridages",
                     "en": "job file (TOML): machine, stock, tools, fixtures"},
    "cli.help.out": {"fr": "dossier des résultats", "en": "output folder"},
    "cli.help.spec": {"fr": "fiche de contrôle (TOML) : les cotes du plan", "en": "spec file (TOML): the drawing's checks"},
    "cli.help.reference": {"fr": "le programme du professeur, pour comparer les pièces",
                           "en": "the master's program, to compare parts"},
    "cli.help.design": {"fr": "STL de la pièce dessinée, pour comparer les surfaces",
                        "en": "STL of the designed part, to compare surfaces"},
    "cli.help.tolerance": {"fr": "écart au-delà duquel une zone est signalée, mm",
                           "en": "deviation beyond which a region is reported, mm"},
    "cli.help.render.tolerance": {"fr": "écart qui sature l'échelle de couleurs, mm (--design)",
                                  "en": "deviation colour scale clip, mm (--design)"},
    "cli.help.animate": {"fr": "film de l'enlèvement de matière (.gif ou .mp4)",
                         "en": "film of the material removal (.gif or .mp4)"},
    "cli.help.frames": {"fr": "images du film", "en": "frames of the film"},
    "cli.help.ghost": {"fr": "montrer le brut en transparence autour de la pièce",
                       "en": "show the raw stock ghosted around the part"},
    "cli.help.show": {"fr": "ouvrir aussi une fenêtre 3D", "en": "open an interactive window too"},
    "cli.help.quick": {"fr": "tailles réduites, pour un premier aperçu", "en": "smaller sizes, for a first look"},
    "cli.help.results": {"fr": "dossier des résultats JSON (par défaut ./machinesim-bench)",
                         "en": "folder for the JSON results (default ./machinesim-bench)"},
    "cli.command.serve": {"fr": "le serveur de la classe : les élèves déposent leurs programmes dans le navigateur",
                          "en": "the classroom server: students drop programs in their browser"},
    "cli.help.host": {"fr": "adresse d'écoute (0.0.0.0 : tout le réseau)", "en": "address to listen on (0.0.0.0: the whole network)"},
    "cli.help.port": {"fr": "port d'écoute", "en": "port to listen on"},
    "cli.help.data": {"fr": "dossier de la base de la classe (par défaut : dans le dossier de données de l'utilisateur)",
                      "en": "folder of the class's database (default: in the user's data directory)"},
    "cli.help.max_upload_mb": {"fr": "plus gros envoi, Mo (au-delà : 413)", "en": "largest upload, MB (above: 413)"},
    "cli.help.run_seconds": {"fr": "une simulation plus longue est arrêtée, s", "en": "a run taking longer is stopped, s"},
    "cli.help.memory_gb": {"fr": "une simulation qui occupe plus de mémoire est arrêtée, Go",
                           "en": "a run holding more memory is stopped, GB"},
    "cli.help.workers": {"fr": "simulations simultanées (par défaut : une par cœur)", "en": "simultaneous runs (default: one per core)"},
    "cli.help.reset_password": {"fr": "oublier le mot de passe du formateur et en choisir un nouveau",
                                "en": "forget the master's password and choose a new one"},
    "cli.help.help": {"fr": "afficher cette aide et quitter", "en": "show this help message and exit"},
    "argparse.usage": {"fr": "utilisation : ", "en": "usage: "},
    "argparse.positionals": {"fr": "arguments", "en": "positional arguments"},
    "argparse.options": {"fr": "options", "en": "options"},
    "argparse.required": {"fr": "ces arguments manquent : %s", "en": "the following arguments are required: %s"},
    "argparse.unrecognized": {"fr": "arguments inconnus : %s", "en": "unrecognized arguments: %s"},
    "argparse.choice": {"fr": "choix impossible : %(value)r (possibles : %(choices)s)",
                        "en": "invalid choice: %(value)r (choose from %(choices)s)"},
    "argparse.one": {"fr": "il faut une valeur après l'option", "en": "expected one argument"},
    "argparse.argument": {"fr": "argument %(argument_name)s : %(message)s", "en": "argument %(argument_name)s: %(message)s"},
    "argparse.error": {"fr": "%(prog)s : erreur : %(message)s\n", "en": "%(prog)s: error: %(message)s\n"},
    "argparse.type": {"fr": "valeur %(type)s impossible : %(value)r", "en": "invalid %(type)s value: %(value)r"},
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
        "hint_fr": "Corrigez `part_to_work.translate`, ou retirez-le pour que l'étau place la pièce.",
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
    # --- wear offsets, workshop mode, surface finish (tool_offsets.py, workshop.py, metrology/) ---
    "OFFSET.set_wear": {
        "fr": "Usure du correcteur {register} réglée à {value} mm par le programme.",
        "en": "Wear of offset {register} set to {value} mm by the program.",
    },
    "OFFSET.set_geometry": {
        "fr": "Géométrie du correcteur {register} réglée à {value} mm par le programme.",
        "en": "Geometry of offset {register} set to {value} mm by the program.",
    },
    "MEASURE.wear_advice": {
        "fr": "Cote {id} « {name} » : {measured} mm pour {target} mm visés ; l'outil T{tool} a fléchi ou s'est usé (mode atelier).",
        "en": "Check {id} '{name}': {measured} mm for {target} mm aimed at; tool T{tool} bent or wore (workshop mode).",
        "hint_fr": "Corrigez l'usure {register} de {change} mm (nouvelle valeur {new} mm) et relancez le programme.",
        "hint_en": "Change the {register} wear by {change} mm (new value {new} mm) and run the program again.",
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
    # --- classroom server and 3D view (server/, render/scene.py) -----------------------------
    "viewer.title": {"fr": "La pièce en 3D", "en": "The part in 3D"},
    "viewer.iso": {"fr": "Vue 3D", "en": "3D view"},
    "viewer.top": {"fr": "Dessus", "en": "Top"},
    "viewer.front": {"fr": "Face", "en": "Front"},
    "viewer.section": {"fr": "Coupe", "en": "Section"},
    "viewer.none": {"fr": "aucune", "en": "none"},
    "viewer.toolpath": {"fr": "Trajectoire", "en": "Toolpath"},
    "viewer.play": {"fr": "▶ Film", "en": "▶ Film"},
    "viewer.pause": {"fr": "❚❚ Pause", "en": "❚❚ Pause"},
    "viewer.film": {"fr": "Film de l'usinage, mouvement par mouvement", "en": "Film of the cut, move by move"},
    "viewer.webgl": {"fr": "Ce navigateur ne sait pas afficher la 3D (WebGL désactivé).",
                     "en": "This browser cannot show 3D (WebGL is off)."},
    "serve.listening": {"fr": "machinesim sert la classe sur {url}  (Ctrl+C pour arrêter)",
                        "en": "machinesim serves the class on {url}  (Ctrl+C to stop)"},
    "serve.data": {"fr": "Données de la classe : {path}", "en": "Class data: {path}"},
    "serve.public": {
        "fr": "Attention : --host {host} ouvre le serveur à tout le réseau. Ne le faites que sur le réseau de l'atelier.",
        "en": "Warning: --host {host} opens the server to the whole network. Only do this on the workshop's network.",
    },
    "serve.port_busy": {
        "fr": "Impossible d'écouter sur {host}:{port} ({reason}).",
        "en": "Cannot listen on {host}:{port} ({reason}).",
        "hint_fr": "Un autre programme utilise ce port : choisissez-en un autre, par exemple --port 8001.",
        "hint_en": "Another program uses this port: choose another one, for example --port 8001.",
    },
    "serve.password_reset": {"fr": "Mot de passe formateur effacé : choisissez-en un nouveau.",
                             "en": "Master's password cleared: choose a new one."},
    "serve.password_prompt": {"fr": "Choisissez le mot de passe formateur : ", "en": "Choose the master's password: "},
    "serve.password_again": {"fr": "Retapez-le : ", "en": "Type it again: "},
    "serve.password_mismatch": {"fr": "Les deux mots de passe diffèrent ou sont trop courts (6 caractères au moins).",
                                "en": "The two passwords differ or are too short (6 characters at least)."},
    "serve.password_made": {
        "fr": "Mot de passe formateur créé : {password}   (notez-le ; vous pouvez le changer sur la page /master)",
        "en": "Master's password created: {password}   (write it down; you can change it on the /master page)",
    },
    "SERVER.too_large": {
        "fr": "L'envoi dépasse la limite de {limit} Mo.",
        "en": "The upload is over the {limit} MB limit.",
        "hint_fr": "Envoyez seulement le programme (.nc), pas un dossier entier ni une archive.",
        "hint_en": "Send only the program (.nc), not a whole folder or an archive.",
    },
    "SERVER.timeout": {
        "fr": "La simulation a été arrêtée après {seconds} s : le programme ne se terminait pas (boucle sans fin ?).",
        "en": "The simulation was stopped after {seconds} s: the program did not end (an endless loop?).",
        "hint_fr": "Vérifiez les boucles WHILE/GOTO et les sous-programmes qui se rappellent eux-mêmes.",
        "hint_en": "Check WHILE/GOTO loops and subprograms that call themselves.",
    },
    "SERVER.memory": {
        "fr": "La simulation a été arrêtée : elle demandait plus de {limit} Go de mémoire.",
        "en": "The simulation was stopped: it needed more than {limit} GB of memory.",
        "hint_fr": "Vérifiez la taille du brut et la résolution de la fiche de réglage, ou découpez le programme.",
        "hint_en": "Check the stock size and resolution in the job file, or split the program.",
    },
    "SERVER.crashed": {
        "fr": "La simulation s'est arrêtée brutalement ({reason}).",
        "en": "The simulation stopped abruptly ({reason}).",
        "hint_fr": "Ce n'est pas votre faute : montrez ce message et votre programme au formateur.",
        "hint_en": "It is not your fault: show this message and your program to your teacher.",
    },
    "SERVER.student_queue": {
        "fr": "Vous avez déjà {count} programme(s) en attente.",
        "en": "You already have {count} program(s) waiting.",
        "hint_fr": "Attendez le résultat du précédent avant d'en envoyer un autre.",
        "hint_en": "Wait for the previous result before you send another one.",
    },
    "SERVER.queue_full": {
        "fr": "Le serveur est plein ({count} programmes en attente).",
        "en": "The server is full ({count} programs waiting).",
        "hint_fr": "Réessayez dans une minute.",
        "hint_en": "Try again in a minute.",
    },
    "SERVER.no_program": {
        "fr": "Aucun programme reçu.",
        "en": "No program was received.",
        "hint_fr": "Déposez un fichier .nc ou collez le programme dans la zone de texte.",
        "hint_en": "Drop a .nc file or paste the program into the text box.",
    },
    "SERVER.bad_file": {
        "fr": "Le fichier « {name} » ({what}) n'a pas pu être lu : {reason}.",
        "en": "The file '{name}' ({what}) could not be read: {reason}.",
        "hint_fr": "Envoyez un fichier texte (programme .nc, fiche .toml) ou un STL pour la pièce dessinée.",
        "hint_en": "Send a text file (.nc program, .toml sheet) or an STL for the designed part.",
    },
    "SERVER.csrf": {
        "fr": "Ce formulaire a expiré ou ne vient pas de cette page.",
        "en": "This form has expired or does not come from this page.",
        "hint_fr": "Rechargez la page et recommencez.",
        "hint_en": "Reload the page and try again.",
    },
    "SERVER.not_found": {"fr": "Cette page n'existe pas.", "en": "This page does not exist.",
                         "hint_fr": "Revenez à la page d'accueil.", "hint_en": "Go back to the home page."},
    "SERVER.password": {"fr": "Mot de passe incorrect.", "en": "Wrong password.",
                        "hint_fr": "Le mot de passe formateur a été choisi au premier démarrage du serveur.",
                        "hint_en": "The master's password was chosen when the server first started."},
    "SERVER.login": {"fr": "Cette page est réservée au formateur.", "en": "This page is for the master only.",
                     "hint_fr": "Connectez-vous sur la page /master.", "hint_en": "Log in on the /master page."},
    "SERVER.name": {
        "fr": "Le champ « {field} » est invalide.",
        "en": "The field '{field}' is not valid.",
        "hint_fr": "Lettres, chiffres, espaces, tirets ; {max} caractères au plus.",
        "hint_en": "Letters, digits, spaces, dashes; {max} characters at most.",
    },
    "SERVER.no_spec": {
        "fr": "L'exercice « {name} » n'a pas de fiche de contrôle : pas de note à résumer.",
        "en": "The exercise '{name}' has no spec: there is no mark to sum up.",
        "hint_fr": "Créez un exercice avec une fiche de contrôle (.toml).",
        "hint_en": "Create an exercise with a spec (.toml).",
    },
    "SERVER.internal": {
        "fr": "Erreur interne du serveur ({error}).",
        "en": "Internal server error ({error}).",
        "hint_fr": "Ce n'est pas votre faute : montrez ce message au formateur.",
        "hint_en": "It is not your fault: show this message to your teacher.",
    },
    "ui.title": {"fr": "machinesim — atelier", "en": "machinesim — workshop"},
    "ui.title_master": {"fr": "machinesim — formateur", "en": "machinesim — master"},
    "ui.other_lang": {"fr": "English", "en": "Français"},
    "ui.intro": {"fr": "Déposez votre programme : la machine virtuelle l'usine et vous montre la pièce, les erreurs et la note.",
                 "en": "Drop your program: the virtual machine cuts it and shows you the part, the mistakes and the mark."},
    "ui.program_file": {"fr": "Programme (fichier .nc)", "en": "Program (.nc file)"},
    "ui.drop": {"fr": "Déposez le fichier ici, ou cliquez pour le choisir", "en": "Drop the file here, or click to choose it"},
    "ui.paste": {"fr": "… ou collez le programme ici", "en": "… or paste the program here"},
    "ui.submit": {"fr": "Simuler", "en": "Simulate"},
    "ui.class_code": {"fr": "Code de la classe", "en": "Class code"},
    "ui.student": {"fr": "Votre nom", "en": "Your name"},
    "ui.exercise": {"fr": "Exercice", "en": "Exercise"},
    "ui.no_exercise": {"fr": "Aucun (brut et outils par défaut)", "en": "None (default stock and tools)"},
    "ui.status.queued": {"fr": "En attente…", "en": "Waiting…"},
    "ui.status.running": {"fr": "Simulation en cours…", "en": "Simulating…"},
    "ui.status.drawing": {"fr": "Résultat prêt, la pièce en 3D arrive…", "en": "Result ready, the 3D part is coming…"},
    "ui.status.done": {"fr": "Terminé", "en": "Done"},
    "ui.status.failed": {"fr": "Pas de résultat", "en": "No result"},
    "ui.sending": {"fr": "Envoi…", "en": "Sending…"},
    "ui.film_make": {"fr": "Film de l'usinage (la matière enlevée)", "en": "Film of the cut (the material removed)"},
    "ui.film_making": {"fr": "Le film se tourne… (une minute environ)", "en": "The film is being made… (about a minute)"},
    "ui.findings": {"fr": "Constats", "en": "Findings"},
    "ui.no_findings": {"fr": "Aucun constat : la machine n'a rien trouvé à redire.", "en": "No finding: the machine found nothing wrong."},
    "ui.line": {"fr": "ligne", "en": "line"},
    "ui.program": {"fr": "Votre programme", "en": "Your program"},
    "ui.inspection": {"fr": "Contrôle de la pièce", "en": "Inspection of the part"},
    "ui.mark": {"fr": "Note : {mark} / 20", "en": "Mark: {mark} / 20"},
    "ui.cycle_time": {"fr": "Temps de cycle : {time}", "en": "Cycle time: {time}"},
    "ui.removed": {"fr": "Matière enlevée : {volume} cm³", "en": "Material removed: {volume} cm³"},
    "ui.open": {"fr": "ouvrir", "en": "open"},
    "ui.password": {"fr": "Mot de passe formateur", "en": "Master's password"},
    "ui.login": {"fr": "Entrer", "en": "Log in"},
    "ui.logout": {"fr": "Sortir", "en": "Log out"},
    "ui.new_exercise": {"fr": "Nouvel exercice", "en": "New exercise"},
    "ui.exercise_name": {"fr": "Nom de l'exercice", "en": "Exercise name"},
    "ui.job_file": {"fr": "Fiche de réglage (job .toml, facultatif)", "en": "Job file (.toml, optional)"},
    "ui.spec_file": {"fr": "Fiche de contrôle (spec .toml, facultatif)", "en": "Spec file (.toml, optional)"},
    "ui.reference_file": {"fr": "Programme du formateur (facultatif)", "en": "Master's program (optional)"},
    "ui.design_file": {"fr": "Pièce dessinée (STL, facultatif)", "en": "Designed part (STL, optional)"},
    "ui.create": {"fr": "Créer l'exercice", "en": "Create the exercise"},
    "ui.exercises": {"fr": "Exercices", "en": "Exercises"},
    "ui.submissions": {"fr": "Envois de la classe", "en": "The class's submissions"},
    "ui.col.when": {"fr": "heure", "en": "time"},
    "ui.col.class": {"fr": "classe", "en": "class"},
    "ui.col.student": {"fr": "élève", "en": "student"},
    "ui.col.exercise": {"fr": "exercice", "en": "exercise"},
    "ui.col.status": {"fr": "état", "en": "status"},
    "ui.col.mark": {"fr": "note", "en": "mark"},
    "ui.col.findings": {"fr": "constats", "en": "findings"},
    "ui.col.files": {"fr": "fichiers", "en": "files"},
    "ui.summary": {"fr": "Bilan de la classe :", "en": "Class summary:"},
    "ui.grade_folder": {"fr": "Corriger un dossier de programmes", "en": "Grade a folder of programs"},
    "ui.grade_files": {"fr": "Programmes des élèves (un fichier par élève)", "en": "Students' programs (one file per student)"},
    "ui.grade": {"fr": "Corriger", "en": "Grade"},
    "ui.filter_class": {"fr": "Classe", "en": "Class"},
    "ui.filter": {"fr": "Afficher", "en": "Show"},
    "ui.new_password": {"fr": "Nouveau mot de passe (6 caractères au moins)", "en": "New password (6 characters at least)"},
    "ui.change_password": {"fr": "Changer le mot de passe", "en": "Change the password"},
    "ui.saved": {"fr": "Enregistré.", "en": "Saved."},
    "ui.anonymous": {"fr": "anonyme", "en": "anonymous"},
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
    # --- real programs from CAM and other controls (gcode/, issue 12) ---------------------------
    "NO_TOOL": {
        "fr": "Mouvement d'usinage sans outil dans la broche (pas de T… M6 avant) : rien ne serait usiné.",
        "en": "Cutting move with no tool in the spindle (no T… M6 before it): nothing would be cut.",
        "hint_fr": "Chargez un outil avant la première passe (par exemple T1 M6), ou donnez un [tool_default] dans le fichier de réglage.",
        "hint_en": "Load a tool before the first cut (for example T1 M6), or give a [tool_default] in the job file.",
    },
    "NO_TOOL.default": {
        "fr": "Mouvement d'usinage sans outil chargé (pas de T… M6 avant) : machinesim usine avec l'outil par défaut du fichier de réglage (Ø{diameter} mm), appelé T{tool} dans les résultats.",
        "en": "Cutting move with no tool loaded (no T… M6 before it): machinesim cuts with the job's default tool (Ø{diameter} mm), called T{tool} in the results.",
        "hint_fr": "Si la machine change d'outil avec M6, ajoutez T… M6 avant la première passe.",
        "hint_en": "If the machine changes tools with M6, add T… M6 before the first cut.",
    },
    "UNKNOWN_CODE.block": {
        "fr": "Le code {word} n'est pas connu de la commande {dialect} : le bloc est ignoré, la simulation continue.",
        "en": "The code {word} is not known to the {dialect} control: the block is ignored and the simulation goes on.",
        "hint_fr": "Si c'est un réglage propre à votre machine (lissage, anticipation), rien à faire ; sinon vérifiez le code ou choisissez le bon dialecte dans [machine].",
        "hint_en": "If it is a setting of your machine (smoothing, look-ahead), nothing to do; otherwise check the code or choose the right dialect in [machine].",
    },
    "DIALECT.auto": {
        "fr": "Dialecte choisi : {dialect}, d'après une habitude du programme ({evidence}).",
        "en": "Dialect chosen: {dialect}, from a habit of the program ({evidence}).",
        "hint_fr": "Si ce n'est pas la bonne commande, écrivez dialect = \"fanuc\", \"haas\", \"linuxcnc\", \"grbl\" ou \"mach3\" dans [machine].",
        "hint_en": "If this is not the right control, write dialect = \"fanuc\", \"haas\", \"linuxcnc\", \"grbl\" or \"mach3\" in [machine].",
    },
    "DIALECT.auto_default": {
        "fr": "Dialecte choisi : {dialect} ; rien dans le programme ne désigne une autre commande.",
        "en": "Dialect chosen: {dialect}; nothing in the program points to another control.",
        "hint_fr": "Si ce n'est pas la bonne commande, écrivez dialect = \"fanuc\", \"haas\", \"linuxcnc\", \"grbl\" ou \"mach3\" dans [machine].",
        "hint_en": "If this is not the right control, write dialect = \"fanuc\", \"haas\", \"linuxcnc\", \"grbl\" or \"mach3\" in [machine].",
    },
    "LOOP_LIMIT.idle": {
        "fr": "Le programme tourne en boucle sans déplacer l'outil ({limit} passages de suite) : boucle sans fin, la simulation s'arrête ici.",
        "en": "The program loops without moving the tool ({limit} passes in a row): an endless loop, the simulation stops here.",
        "hint_fr": "Vérifiez que la variable de la condition de sortie change à chaque passage (par exemple #1 = #1 + 1).",
        "hint_en": "Check that the variable of the exit condition changes on every pass (for example #1 = #1 + 1).",
    },
    "LOOP_LIMIT.repeat": {
        "fr": "Après {passes} passages, la boucle revient exactement au même état (mêmes variables, même position) : elle ne finira jamais, la simulation s'arrête ici.",
        "en": "After {passes} passes the loop comes back to exactly the same state (same variables, same position): it will never end, the simulation stops here.",
        "hint_fr": "Vérifiez que la variable de la condition de sortie change à chaque passage (par exemple #1 = #1 + 1).",
        "hint_en": "Check that the variable of the exit condition changes on every pass (for example #1 = #1 + 1).",
    },
    "LOOP_LIMIT.runaway": {
        "fr": "La boucle emmène l'outil en {axis} à {value} mm, bien au-delà de la course de la machine ({low} à {high} mm) : elle ne finira pas, la simulation s'arrête ici (la machine s'arrêterait en dépassement de course).",
        "en": "The loop drives the tool in {axis} to {value} mm, far beyond the machine's travel ({low} to {high} mm): it will not end, the simulation stops here (the machine would stop on overtravel).",
        "hint_fr": "Vérifiez que le compteur de la boucle augmente à chaque passage (par exemple #6 = #6 + 1).",
        "hint_en": "Check that the loop counter grows on every pass (for example #6 = #6 + 1).",
    },
    "LOOP_LIMIT.moves": {
        "fr": "Le programme dépasse {limit} mouvements : la simulation s'arrête ici.",
        "en": "The program goes past {limit} moves: the simulation stops here.",
        "hint_fr": "Vérifiez la condition de sortie de la boucle ; pour un très long programme voulu, augmentez moves dans [limits] du fichier de réglage.",
        "hint_en": "Check the loop's exit condition; for a very long program on purpose, raise moves in the job's [limits].",
    },
    "LOOP_LIMIT.time": {
        "fr": "La lecture du programme dure plus de {limit} s : la simulation s'arrête ici.",
        "en": "Reading the program takes more than {limit} s: the simulation stops here.",
        "hint_fr": "Vérifiez la condition de sortie de la boucle ; pour une macro longue voulue, augmentez seconds dans [limits] du fichier de réglage.",
        "hint_en": "Check the loop's exit condition; for a long macro on purpose, raise seconds in the job's [limits].",
    },
    "SYNTAX.unused": {
        "fr": "Le mot {word} n'est utilisé par aucun code de ce bloc : la commande l'ignore ou s'arrête.",
        "en": "The word {word} is used by no code of this block: the control ignores it or stops.",
        "hint_fr": "Vouliez-vous appeler un sous-programme (M98 P…) ou numéroter un programme (O…) ? Sinon retirez ce mot.",
        "hint_en": "Did you mean to call a subprogram (M98 P…) or to number a program (O…)? Otherwise remove the word.",
    },
    "PROGRAM_END.code_after": {
        "fr": "Cette ligne vient après la fin du programme (ligne {end}) : la machine ne l'exécutera jamais.",
        "en": "This line comes after the end of the program (line {end}): the machine will never run it.",
        "hint_fr": "Déplacez M30 (ou M2) à la fin, ou retirez les lignes qui suivent.",
        "hint_en": "Move M30 (or M2) to the end, or remove the lines after it.",
    },
    "UNITS.missing": {
        "fr": "Le programme ne dit ni G21 (mm) ni G20 (pouces) : machinesim le lit en millimètres, la machine le lirait dans l'unité où elle se trouve.",
        "en": "The program says neither G21 (mm) nor G20 (inch): machinesim reads it in millimetres, the machine would read it in whatever units it is in.",
        "hint_fr": "Ajoutez G21 (ou G20 pour un programme en pouces) au début du programme.",
        "hint_en": "Add G21 (or G20 for a program in inches) at the start of the program.",
    },
    "ALARM": {
        "fr": "Le programme déclenche l'alarme {number} (#3000) : « {text} ». La machine s'arrête ici.",
        "en": "The program raises alarm {number} (#3000): '{text}'. The machine stops here.",
        "hint_fr": "La macro a trouvé un problème : lisez son message et vérifiez les arguments de l'appel (G65).",
        "hint_en": "The macro found a problem: read its message and check the call's arguments (G65).",
    },
    "ALARM.stop": {
        "fr": "Le programme s'arrête ici (#3006) avec le message « {text} » ; l'opérateur doit relancer.",
        "en": "The program stops here (#3006) with the message '{text}'; the operator must restart it.",
        "hint_fr": "Faites ce que demande le message avant de relancer le cycle.",
        "hint_en": "Do what the message asks before starting the cycle again.",
    },
    "UNSUPPORTED.grbl": {
        "fr": "« {word} » est une commande système de grbl (prise d'origine, déverrouillage, jog) : machinesim ne la simule pas et passe à la suite.",
        "en": "'{word}' is a grbl system command (homing, unlock, jog): machinesim does not simulate it and goes on.",
        "hint_fr": "Sur la machine, la position après cette commande peut différer de la simulation : vérifiez le point de départ.",
        "hint_en": "On the machine the position after this command may differ from the simulation: check the start point.",
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
    # --- h12-model: assumed stock, memory guard, G41/G42, spindle limit -------------------
    "STOCK_ASSUMED": {
        "fr": "Brut supposé (la fiche de réglage dit « auto ») : un bloc de {dx} × {dy} × {dz} mm, de X{x0} Y{y0} Z{z0} "
              "à X{x1} Y{y1} Z{z1} ({frame}), le dessus à Z{z1}, {margin} mm de marge autour de là où l'outil coupe.",
        "en": "Assumed stock (the job file says 'auto'): a {dx} × {dy} × {dz} mm block from X{x0} Y{y0} Z{z0} "
              "to X{x1} Y{y1} Z{z1} ({frame}), its top at Z{z1}, {margin} mm of margin around where the tool cuts.",
        "hint_fr": "Volumes et rapides dans la matière dépendent de ce brut : donnez le vrai dans la fiche de réglage, "
                   "[stock] box = {{ min = [...], max = [...] }}.",
        "hint_en": "Volumes and rapids into material depend on this stock: give the real one in the job file, "
                   "[stock] box = {{ min = [...], max = [...] }}.",
    },
    "MEMORY.program": {
        "fr": "Suivre ce programme exactement demanderait {needed} Go de mémoire, la machine n'en a que {available} : "
              "ses trajectoires sont immenses (des arcs de très grand rayon, des kilomètres de parcours).",
        "en": "Following this program exactly would need {needed} GB of memory, the machine has only {available}: "
              "its paths are huge (arcs of a very large radius, kilometres of travel).",
        "hint_fr": "Vérifiez les rayons des arcs (R, I, J, K), l'unité du programme (G20 pouces, G21 mm) et le brut.",
        "hint_en": "Check the arcs' radii (R, I, J, K), the program's unit (G20 inch, G21 mm) and the stock.",
    },
    "MEMORY.stock": {
        "fr": "Le brut mesure {width} × {depth} mm : son modèle demanderait {needed} Go, la machine n'en a que "
              "{available}, même avec la résolution la plus grossière (5 mm).",
        "en": "The stock is {width} × {depth} mm: its model would need {needed} GB, the machine has only "
              "{available}, even at the coarsest resolution (5 mm).",
        "hint_fr": "Vérifiez les dimensions du brut dans la fiche de réglage : elles sont en millimètres.",
        "hint_en": "Check the stock's size in the job file: it is in millimetres.",
    },
    "CUTTING_SPEED.spindle_max": {
        "fr": "Vitesse de coupe {vc} m/min, sous la plage conseillée ({low}–{high} m/min), alors que S est déjà au "
              "maximum de la broche ({smax} tr/min) : avec un outil de Ø{diameter} mm, la machine ne peut pas faire mieux.",
        "en": "Cutting speed {vc} m/min, below the recommended range ({low}–{high} m/min), while S is already the "
              "spindle's maximum ({smax} rpm): with a Ø{diameter} mm tool the machine cannot do better.",
        "hint_fr": "Gardez S{smax} et réglez l'avance sur l'avance par dent conseillée (F = fz · Z · N), ou prenez "
                   "un outil de plus grand diamètre si la forme le permet.",
        "hint_en": "Keep S{smax} and set the feed from the recommended feed per tooth (F = fz · Z · N), or use a "
                   "larger tool if the shape allows it.",
    },
    "CUTTING_SPEED.up_to_max": {
        "fr": "Vitesse de coupe {vc} m/min, sous la plage conseillée ({low}–{high} m/min) ; pour l'atteindre il "
              "faudrait tourner plus vite que le maximum de la broche ({smax} tr/min).",
        "en": "Cutting speed {vc} m/min, below the recommended range ({low}–{high} m/min); reaching it would take "
              "more than the spindle's maximum ({smax} rpm).",
        "hint_fr": "Montez S jusqu'à S{smax}, le maximum de la machine, puis recalculez l'avance : F = fz · Z · N.",
        "hint_en": "Raise S up to S{smax}, the machine's maximum, then work the feed out again: F = fz · Z · N.",
    },
    "CHIP_LOAD.max_feed": {
        "fr": "Avance par dent {fz} mm, sous la plage conseillée ({low}–{high} mm) ; pour l'atteindre il faudrait "
              "F{needed}, plus que l'avance maximale de la machine (F{fmax}).",
        "en": "Feed per tooth {fz} mm, below the recommended range ({low}–{high} mm); reaching it would take "
              "F{needed}, more than the machine's maximum feed (F{fmax}).",
        "hint_fr": "Baissez S (en restant dans la plage de vitesse de coupe) ou prenez un outil avec moins de dents.",
        "hint_en": "Lower S (staying within the cutting speed range) or use a tool with fewer flutes.",
    },
    "CHIP_LOAD.drill_max_feed": {
        "fr": "Avance par tour {fz} mm/tr, sous la plage conseillée pour ce foret ({low}–{high} mm/tr) ; pour "
              "l'atteindre il faudrait F{needed}, plus que l'avance maximale de la machine (F{fmax}).",
        "en": "Feed per revolution {fz} mm/rev, below the recommended range for this drill ({low}–{high} mm/rev); "
              "reaching it would take F{needed}, more than the machine's maximum feed (F{fmax}).",
        "hint_fr": "Baissez S (en restant dans la plage de vitesse de coupe) : F = f · N.",
        "hint_en": "Lower S (staying within the cutting speed range): F = f · N.",
    },
    "COMPENSATION.side": {
        "fr": "Le contour des lignes {first} à {last} ({code}) ne laisse pas de pièce du côté programmé : la paroi "
              "se trouve à un diamètre d'outil ({offset} mm) de l'autre côté, là où passe l'outil. Les cotes de ce "
              "contour sortent fausses de {size} mm.",
        "en": "The contour of lines {first} to {last} ({code}) leaves no part on its programmed side: the wall "
              "stands one tool diameter ({offset} mm) away on the other side, where the tool runs. This contour's "
              "sizes come out {size} mm wrong.",
        "hint_fr": "Vouliez-vous {other} ? G41 met l'outil à gauche du contour dans le sens du parcours (en avalant "
                   "avec M3), G42 à droite.",
        "hint_en": "Did you mean {other}? G41 puts the tool on the left of the contour along the path (climb "
                   "milling with M3), G42 on its right.",
    },
    "MEMORY.auto_stock": {
        "fr": "Le brut supposé d'après le programme (« auto ») mesure {width} × {depth} mm : son modèle demanderait "
              "{needed} Go, la machine n'en a que {available}, même avec la résolution la plus grossière (5 mm).",
        "en": "The stock assumed from the program ('auto') is {width} × {depth} mm: its model would need {needed} GB, "
              "the machine has only {available}, even at the coarsest resolution (5 mm).",
        "hint_fr": "Le programme coupe sur une zone immense : vérifiez les rayons des arcs (R, I, J, K) et l'unité "
                   "(G20 pouces, G21 mm), ou donnez le vrai brut dans la fiche de réglage.",
        "hint_en": "The program cuts over a huge area: check the arcs' radii (R, I, J, K) and the unit (G20 inch, "
                   "G21 mm), or give the real stock in the job file.",
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
    """The sentence for `key` in `lang`, with its placeholders filled (`Said` ones in `lang` too)."""
    entry = CATALOGUE.get(key) or CATALOGUE.get(key.split(".")[0])
    if entry is None:
        return key + (" " + repr(params) if params else "")
    params = {k: v.told(lang) if isinstance(v, Said) else v for k, v in params.items()}
    return entry.get(lang, entry["en"]).format_map(_Missing(params))


class Said(str):
    """A catalogue phrase given as a parameter of another sentence (what a key expects, the values
    allowed): its English text as a string, rendered in the sentence's language by `text`."""

    def __new__(cls, key: str, **params: Any) -> "Said":
        phrase = super().__new__(cls, text(key, "en", **params))
        phrase.key, phrase.params = key, params
        return phrase

    def told(self, lang: str) -> str:
        return text(self.key, lang, **self.params)

    def __reduce__(self):                 # findings travel to and from grading workers
        return (_said, (self.key, self.params))


def _said(key: str, params: dict) -> Said:
    return Said(key, **params)


def said(key: str, /, **params: Any) -> Said:
    """The phrase `key` as a parameter: `expected=said("said.positive_number")`."""
    return Said(key, **params)


def os_reason(exc: OSError, lang: str = "en") -> str:
    """Why the system refused (full disk, read-only, permission...), from the catalogue when known."""
    import errno

    key = "said.os." + errno.errorcode.get(exc.errno or 0, "")
    return text(key, lang) if key in CATALOGUE else (exc.strerror or str(exc))


def hint(key: str, lang: str = "en", /, **params: Any) -> str:
    """What to do about `key`, or an empty string."""
    entry = CATALOGUE.get(key) or CATALOGUE.get(key.split(".")[0]) or {}
    template = entry.get("hint_" + lang, entry.get("hint_en", ""))
    params = {k: v.told(lang) if isinstance(v, Said) else v for k, v in params.items()}
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
