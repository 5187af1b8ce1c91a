%
O0103 (POCHE RECTANGULAIRE 50 X 30 R5 PROFONDEUR 5)
(Ce que ce programme enseigne : vider une poche en zigzag avec entree en rampe,)
(laisser une surepaisseur de 1 mm, puis finir le contour en avalant G41)
(avec entree et sortie tangentes. Deux niveaux de 2.5 mm.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T2 fraise 2 tailles D6 carbure 3 dents, D2 = rayon 3)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T2 M6
N30 G54 G0 X29. Y29. S10000 M3
N40 G43 H2 Z20. M8
N50 Z2.
N60 G1 Z0. F400
(--- ebauche niveau 1 : rampe puis zigzag, centres X29 a X71, Y29 a Y51 ---)
N70 X71. Z-2.5 (rampe)
N80 X29. F1200
N90 Y33.5
N100 X71.
N110 Y38.
N120 X29.
N130 Y42.5
N140 X71.
N150 Y47.
N160 X29.
N170 Y51.
N180 X71.
N190 G0 Z2.
N200 X29. Y29.
N210 G1 Z-2.5 F400
(--- ebauche niveau 2 ---)
N220 X71. Z-5. (rampe)
N230 X29. F1200
N240 Y33.5
N250 X71.
N260 Y38.
N270 X29.
N280 Y42.5
N290 X71.
N300 Y47.
N310 X29.
N320 Y51.
N330 X71.
(--- finition en avalant G41 a Z-5 ---)
N340 X50. Y40.
N350 G41 D2 X44. Y31. F800
N360 G3 X50. Y25. R6. (entree tangente)
N370 G1 X70.
N380 G3 X75. Y30. R5.
N390 G1 Y50.
N400 G3 X70. Y55. R5.
N410 G1 X30.
N420 G3 X25. Y50. R5.
N430 G1 Y30.
N440 G3 X30. Y25. R5.
N450 G1 X50.
N460 G3 X56. Y31. R6. (sortie tangente)
N470 G40 G1 X50. Y40.
N480 G0 Z20. M9
N490 M5
N500 G91 G28 Z0.
N510 G90
N520 M30
%
