%
O0104 (POCHE CIRCULAIRE D40 PROFONDEUR 6)
(Ce que ce programme enseigne : descendre en helice au centre au lieu de plonger,)
(elargir par cercles complets G3 avec I J, puis finir en avalant G41)
(avec un arc d'entree et un arc de sortie tangents de R10.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(Centre de la poche X50 Y40. T1 fraise 2 tailles D10 carbure 3 dents, D1 = rayon 5)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T1 M6
N30 G54 G0 X53. Y40. S9500 M3
N40 G43 H1 Z20. M8
N50 Z2.
N60 G1 Z0. F500
(--- helice de rayon 3, pas 2 : l'outil vide un disque de D16 ---)
N70 G3 X53. Y40. Z-2. I-3. J0. F800
N80 G3 X53. Y40. Z-4. I-3. J0.
N90 G3 X53. Y40. Z-6. I-3. J0.
N100 G3 X53. Y40. I-3. J0.
(--- elargissement par cercles complets ---)
N110 G1 X57.5 F1400
N120 G3 X57.5 Y40. I-7.5 J0.
N130 G1 X62.
N140 G3 X62. Y40. I-12. J0.
(--- finition en avalant G41 ---)
N150 G1 X50. Y40. F1000
N160 G41 D1 X60. Y30.
N170 G3 X70. Y40. R10. (entree tangente)
N180 G3 X70. Y40. I-20. J0. (cercle complet D40)
N190 G3 X60. Y50. R10. (sortie tangente)
N200 G40 G1 X50. Y40.
N210 G0 Z20. M9
N220 M5
N230 G91 G28 Z0.
N240 G90
N250 M30
%
