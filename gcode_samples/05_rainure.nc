%
O0105 (RAINURE DEBOUCHANTE 12 +0.1/0 PROFONDEUR 4)
(Ce que ce programme enseigne : une rainure plus large que la fraise,)
(ebauche au centre puis finition des deux flancs en avalant G41 :)
(flanc droit en montant Y+, flanc gauche en descendant Y-.)
(Cote moyenne : 12 +0.1/0 -> 12.05, flancs a X43.975 et X56.025.)
(Toujours le point decimal : X50. et non X50)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T2 fraise 2 tailles D6 carbure 3 dents, D2 = rayon 3)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T2 M6
N30 G54 G0 X50. Y-10. S10000 M3
N40 G43 H2 Z20. M8
N50 Z2.
N60 G1 Z-4. F400 (descente hors matiere)
N70 Y90. F1000 (ebauche : l'outil couvre X47 a X53)
N80 G0 Z2.
N90 Y-10.
N100 G1 Z-4. F400
N110 G41 D2 X56.025 Y-4. F800
N120 Y84.
N130 X43.975
N140 Y-4.
N150 G40 G1 X50. Y-10.
N160 G0 Z20. M9
N170 M5
N180 G91 G28 Z0.
N190 G90
N200 M30
%
