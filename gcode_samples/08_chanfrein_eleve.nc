%
O0198 (CHANFREIN - VERSION ELEVE A CORRIGER)
(Version eleve avec une erreur typique : la correction de longueur G43 H10 est oubliee.)
(La pointe descend 60 mm plus bas que prevu : la machine casserait l'outil.)
(programmee au centre outil, sans correction de rayon :)
(pointe D1 a Z-1.5, axe a 1 mm de l'arete -> chanfrein de 1 mm a 45 degres.)
(Les coins sont contournes par des arcs R1 autour de l'arete verticale.)
(Cette fraise ne coupe pas au centre : on descend toujours hors de la matiere.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T10 fraise a chanfreiner 90 degres D10 carbure)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T10 M6
N30 G54 G0 X-1. Y-5. S6000 M3
N40 Z20. M8 (ERREUR : pas de G43 H10)
N50 Z2.
N60 G1 Z-1.5 F300 (descente hors matiere)
N70 Y80. F600 (en avalant : la matiere est a droite)
N80 G2 X0. Y81. R1.
N90 G1 X100.
N100 G2 X101. Y80. R1.
N110 G1 Y0.
N120 G2 X100. Y-1. R1.
N130 G1 X0.
N140 G2 X-1. Y0. R1.
N150 G1 Y5.
N160 G0 Z20. M9
N170 M5
N180 G91 G28 Z0.
N190 G90
N200 M30
%
