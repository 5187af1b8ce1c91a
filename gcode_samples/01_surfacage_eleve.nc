%
O0191 (SURFACAGE - VERSION ELEVE A CORRIGER)
(Version eleve avec une erreur typique : descente en G0 au-dessus du brut.)
(recouvrement des passes : pas 12 pour une fraise D16, entrer et sortir hors de la matiere.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(On enleve 0.5 mm : la face finie est a Z-0.5, soit une hauteur de 19.5.)
(T4 fraise 2 tailles D16 carbure 4 dents)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T4 M6
N30 G54 G0 X10. Y4. S6000 M3
N40 G43 H4 Z20. M8
N50 Z2.
N60 G0 Z-0.5 (ERREUR : G0 jusque dans la matiere)
N70 G1 X110. F1400
N80 Y16.
N90 X-10.
N100 Y28.
N110 X110.
N120 Y40.
N130 X-10.
N140 Y52.
N150 X110.
N160 Y64.
N170 X-10.
N180 Y76.
N190 X110. (derniere passe, l'outil couvre jusqu'a Y84)
N200 G0 Z20. M9
N210 M5
N220 G91 G28 Z0.
N230 G90
N240 M30
%
