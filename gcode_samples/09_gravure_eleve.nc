%
O0199 (GRAVURE - VERSION ELEVE A CORRIGER)
(Version eleve avec une erreur typique : le mauvais outil est appele, T10 la fraise a)
(chanfreiner, qui ne coupe pas au centre : elle ne peut pas plonger dans la matiere.)
(puis en suivant le trait ; lettres en droites G1 et en demi-cercle G2.)
(Le fichier de reglage 09_gravure.toml ajoute l'outil T13.)
(Lettres de 20 mm de haut : E de X30 a X42, P de X50 a X63, de Y30 a Y50.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T13 outil a graver D6 60 degres pointe D0.2, coupe au centre)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T10 M6 (ERREUR : T10 au lieu de T13)
N30 G54 G0 X42. Y50. S10000 M3
N40 G43 H10 Z20. M8
(--- lettre E ---)
N50 Z1.
N60 G1 Z-0.3 F150
N70 X30. F400
N80 Y30.
N90 X42.
N100 G0 Z1.
N110 X30. Y40.
N120 G1 Z-0.3 F150
N130 X39. F400
N140 G0 Z1.
(--- lettre P ---)
N150 X50. Y30.
N160 G1 Z-0.3 F150
N170 Y50. F400
N180 X58.
N190 G2 X58. Y40. R5.
N200 G1 X50.
N210 G0 Z20. M9
N220 M5
N230 G91 G28 Z0.
N240 G90
N250 M30
%
