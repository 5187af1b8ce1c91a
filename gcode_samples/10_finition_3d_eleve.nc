%
O0200 (FINITION 3D - VERSION ELEVE A CORRIGER)
(Version eleve avec une erreur typique : le compteur #6 de la boucle interieure)
(n'est jamais incremente, la boucle ne s'arrete pas.)
(les boucles WHILE [..] DO1 / END1 imbriquees, et le balayage en zigzag d'une surface :)
(Z = -4 + 3 x COS[1.8 x [X - 50]] x COS[2.25 x [Y - 40]], angles en degres.)
(Bosse de Z-1 au centre X50 Y40 a Z-4 sur les bords. Pas de 2 mm en X, 1 mm en Y.)
(10_finition_3d_expanse.nc est le meme parcours developpe ligne par ligne,)
(comme le sortirait un logiciel de FAO : python benchmarks/generate.py --sample.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T5 fraise hemispherique D6 carbure 2 dents ; Z programme = pointe de l'outil)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T5 M6
N30 G54 G0 X-4. Y0. S10000 M3
N40 G43 H5 Z20. M8
N50 Z2.
#10 = 2. (pas en X)
#11 = 1. (pas transversal en Y)
#12 = 54 (segments par ligne : de X-4 a X104, outil hors du brut aux deux bouts)
#1 = -4. (X courant)
#2 = 0. (Y courant)
#5 = 1. (sens de la ligne : 1 vers X+, -1 vers X-)
WHILE [#2 LE 80.] DO1
#3 = -4. + 3. * COS[1.8 * [#1 - 50.]] * COS[2.25 * [#2 - 40.]]
G1 X#1 Y#2 Z#3 F1500 (debut de ligne)
#6 = 0
WHILE [#6 LT #12] DO2
#1 = #1 + #5 * #10
#3 = -4. + 3. * COS[1.8 * [#1 - 50.]] * COS[2.25 * [#2 - 40.]]
G1 X#1 Y#2 Z#3
(ERREUR : il manque #6 = #6 + 1)
END2
#5 = -1. * #5
#2 = #2 + #11
END1
G0 Z20. M9
M5
G91 G28 Z0.
G90
M30
%
