%
O0102 (CONTOURNAGE EXTERIEUR AVEC CORRECTION DE RAYON)
(Ce que ce programme enseigne : un contour exterieur en correction de rayon,)
(G42 en opposition pour la premiere passe, G41 en avalant pour la seconde,)
(entrees et sorties tangentes par arc R10, angles R8, annulation G40 hors matiere.)
(Cotes a la cote moyenne : 76 0/-0.1 -> 75.95   56 0/-0.1 -> 55.95, hauteur 8.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T4 fraise 2 tailles D16 carbure 4 dents, D4 = rayon 8)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T4 M6
N30 G54 G0 X30. Y-10. S6000 M3
N40 G43 H4 Z20. M8
N50 Z2.
N60 G1 Z-4. F500
(--- passe 1 a Z-4 : sens trigo, G42 = en opposition ---)
N70 G42 D4 X40. Y2.025 F1400
N80 G2 X50. Y12.025 R10. (entree tangente)
N90 G1 X79.975
N100 G3 X87.975 Y20.025 R8.
N110 G1 Y59.975
N120 G3 X79.975 Y67.975 R8.
N130 G1 X20.025
N140 G3 X12.025 Y59.975 R8.
N150 G1 Y20.025
N160 G3 X20.025 Y12.025 R8.
N170 G1 X50.
N180 G2 X60. Y2.025 R10. (sortie tangente)
N190 G40 G1 X70. Y-10.
(--- passe 2 a Z-8 : sens horaire, G41 = en avalant ---)
N200 Z-8. F500
N210 G41 D4 X60. Y2.025 F1400
N220 G3 X50. Y12.025 R10. (entree tangente)
N230 G1 X20.025
N240 G2 X12.025 Y20.025 R8.
N250 G1 Y59.975
N260 G2 X20.025 Y67.975 R8.
N270 G1 X79.975
N280 G2 X87.975 Y59.975 R8.
N290 G1 Y20.025
N300 G2 X79.975 Y12.025 R8.
N310 G1 X50.
N320 G3 X40. Y2.025 R10. (sortie tangente)
N330 G40 G1 X30. Y-10.
N340 G0 Z20. M9
N350 M5
N360 G91 G28 Z0.
N370 G90
N380 M30
%
