%
O0196 (PERCAGE - VERSION ELEVE A CORRIGER)
(Version eleve avec une erreur typique : apres le changement d'outil la broche n'est pas)
(remise en marche : S2800 sans M3, le foret entre dans la matiere a l'arret.)
(G81 pointage, G83 percage avec debourrage Q, G84 taraudage, G98/G99 et G80.)
(6 trous a 60 degres sur un cercle D50 centre X50 Y40 :)
(X = 50 + 25 x COS A, Y = 40 + 25 x SIN A, arrondis au micron.)
(Taraudage : avance F = S x pas = 500 x 1.25 = 625 mm/min.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T11 foret a centrer 90, T7 foret D6.8 HSS, T12 taraud M8 x 1.25)
N10 G21 G17 G40 G49 G80 G90 G94
(=== T11 FORET A CENTRER ===)
N20 T11 M6
N30 G54 G0 X75. Y40. S3500 M3
N40 G43 H11 Z20. M8
N50 G99 G81 X75. Y40. Z-2. R2. F400
N60 X62.5 Y61.651
N70 X37.5
N80 X25. Y40.
N90 X37.5 Y18.349
N100 G98 X62.5
N110 G80 M9
N120 M5
(=== T7 FORET D6.8 ===)
N122 G91 G28 Z0. (remontee en Z origine machine avant le changement d'outil)
N124 G90
N130 T7 M6
N140 G54 G0 X75. Y40. S2800 (ERREUR : pas de M3)
N150 G43 H7 Z20. M8
N160 G99 G83 X75. Y40. Z-18. R2. Q3. F330
N170 X62.5 Y61.651
N180 X37.5
N190 X25. Y40.
N200 X37.5 Y18.349
N210 G98 X62.5
N220 G80 M9
N230 M5
(=== T12 TARAUD M8 x 1.25 ===)
N232 G91 G28 Z0. (remontee en Z origine machine avant le changement d'outil)
N234 G90
N240 T12 M6
N250 G54 G0 X75. Y40. S500 M3
N260 G43 H12 Z20. M8
N270 G99 G84 X75. Y40. Z-14. R5. F625
N280 X62.5 Y61.651
N290 X37.5
N300 X25. Y40.
N310 X37.5 Y18.349
N320 G98 X62.5
N330 G80 M9
N340 M5
N350 G91 G28 Z0.
N360 G90
N370 M30
%
