%
O0001 (DEMO MACHINESIM - PLAQUE SUPPORT PS-001)
(Ce que ce programme enseigne :)
(- un epaulement fini en correction de rayon G41 avec D, entree et sortie)
(- une poche rectangulaire : ebauche en rampe puis finition G41 avec entree tangente)
(- un alesage D18 H7 en interpolation helicoidale G3 avec Z)
(- trois percages D8.5 avec le cycle de debourrage G83)
(- les cotes tolerancees sont programmees a la cote moyenne :)
(  85 0/-0.1 -> 84.95   poche 40 +0.1/0 -> 40.05   25 +0.1/0 -> 25.05   D18 H7 -> 18.010)
(Brut 100 x 80 x 20 aluminium. Origine G54 : coin avant gauche, dessus Z0.)
(T1 fraise 2 tailles D10 carbure 3 dents, T11 foret a centrer 90, T8 foret D8.5 HSS)
N10 G21 G17 G40 G49 G80 G90 G94 (securite : mm, plan XY, annulations)
(=== T1 FRAISE D10 ===)
N20 T1 M6
N30 G54 G0 X4. Y-10. S9500 M3
N40 G43 H1 Z20. M8
(--- epaulement : ebauche au centre outil, 2 passes a Z-5 ---)
N50 G0 Z2.
N60 G1 Z-5. F600 (descente hors matiere)
N70 Y88. F1400 (l'outil couvre X-1 a X9)
N80 X9.5
N90 Y-10. (l'outil couvre X4.5 a X14.5 : reste 0.55 pour la finition)
N100 G0 Z2.
(--- epaulement : finition en avalant G41, face a X15.05 ---)
N110 X25. Y-15.
N120 G1 Z-5. F600
N130 G41 D1 X15.05 Y-5. F1000 (entree : approche plus longue que le rayon)
N140 Y85.
N150 G40 X25. Y95. (sortie et annulation de la correction)
N160 G0 Z2.
(--- poche 40 x 25 R6 profondeur 6 : ebauche en rampe, 2 passes de 3 ---)
N170 X30.5 Y55.
N180 G1 Z0. F600
N190 X59.5 Z-3. (rampe)
N200 X30.5 F1400
N210 Y48.
N220 X59.5
N230 Y62.
N240 X30.5
N250 Y55.
N260 X59.5 Z-6. F600 (rampe)
N270 X30.5 F1400
N280 Y48.
N290 X59.5
N300 Y62.
N310 X30.5
N320 Y55.
(--- poche : finition en avalant G41, entree et sortie par arc R8 ---)
N330 X45. F1000
N340 G41 D1 X37. Y50.475
N350 G3 X45. Y42.475 R8.
N360 G1 X59.025
N370 G3 X65.025 Y48.475 R6.
N380 G1 Y61.525
N390 G3 X59.025 Y67.525 R6.
N400 G1 X30.975
N410 G3 X24.975 Y61.525 R6.
N420 G1 Y48.475
N430 G3 X30.975 Y42.475 R6.
N440 G1 X45.
N450 G3 X53. Y50.475 R8.
N460 G40 G1 X45. Y55.
N470 G0 Z2.
(--- alesage D18 H7 profondeur 10 : helice de pas 2, centre X78 Y25 ---)
(rayon de trajectoire = 18.010 / 2 - 5 = 4.005)
N480 X82.005 Y25.
N490 G1 Z0. F600
N500 G3 X82.005 Y25. Z-2. I-4.005 J0. F800
N510 G3 X82.005 Y25. Z-4. I-4.005 J0.
N520 G3 X82.005 Y25. Z-6. I-4.005 J0.
N530 G3 X82.005 Y25. Z-8. I-4.005 J0.
N540 G3 X82.005 Y25. Z-10. I-4.005 J0.
N550 G3 X82.005 Y25. I-4.005 J0. (un tour a plat pour dresser le fond)
N560 G1 X78. (retour au centre avant de remonter)
N570 G0 Z20. M9
N580 M5
(=== T11 FORET A CENTRER ===)
N582 G91 G28 Z0. (remontee en Z origine machine avant le changement d'outil)
N584 G90
N590 T11 M6
N600 G54 G0 X25. Y15. S3500 M3
N610 G43 H11 Z20. M8
N620 G99 G81 X25. Y15. Z-2.5 R2. F400 (pointage)
N630 X40.
N640 G98 X55.
N650 G80 M9
N660 M5
(=== T8 FORET D8.5 ===)
N662 G91 G28 Z0. (remontee en Z origine machine avant le changement d'outil)
N664 G90
N670 T8 M6
N680 G54 G0 X25. Y15. S2250 M3
N690 G43 H8 Z20. M8
N700 G99 G83 X25. Y15. Z-15. R2. Q4. F340 (debourrage tous les 4 mm)
N710 X40.
N720 G98 X55.
N730 G80 M9
N740 M5
N750 G91 G28 Z0.
N760 G90
N770 M30
%
