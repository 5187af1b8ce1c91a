%
O0107 (TROIS LUMIERES PAR SOUS-PROGRAMME DANS TROIS REPERES)
(Ce que ce programme enseigne : ecrire une seule fois l'usinage d'une lumiere)
(dans un sous-programme O1007 et l'appeler par M98 dans les reperes G54, G55 et G56.)
(Le fichier de reglage 07_sous_programme.toml donne les trois origines :)
(G55 = G54 + 35 mm en X, G56 = G54 + 70 mm en X.)
(Lumiere 12 x 52 a bouts ronds R6, profondeur 4, centree X15 Y40 dans chaque repere.)
(Brut 100 x 80 x 20 aluminium, origine G54 coin avant gauche, dessus Z0.)
(T2 fraise 2 tailles D6 carbure 3 dents, D2 = rayon 3)
N10 G21 G17 G40 G49 G80 G90 G94
N20 T2 M6
N30 G54 G0 X15. Y20. S10000 M3
N40 G43 H2 Z20. M8
N50 M98 P1007 (lumiere 1 dans G54)
N60 G55
N70 M98 P1007 (lumiere 2 dans G55)
N80 G56
N90 M98 P1007 (lumiere 3 dans G56)
N100 G54 G0 Z20. M9
N110 M5
N120 G91 G28 Z0.
N130 G90
N140 M30
O1007 (SOUS-PROGRAMME : LUMIERE 12 X 52, REPERE COURANT)
N1000 G0 X15. Y20.
N1010 Z2.
N1020 G1 Z0. F400
N1030 Y60. Z-4. (rampe sur l'axe de la lumiere)
N1040 Y20. F1200 (ebauche : l'outil couvre X12 a X18)
N1050 Y30.
N1060 G41 D2 X17. Y36. F800
N1070 G3 X21. Y40. R4. (entree tangente)
N1080 G1 Y60.
N1090 G3 X9. Y60. R6.
N1100 G1 Y20.
N1110 G3 X21. Y20. R6.
N1120 G1 Y40.
N1130 G3 X17. Y44. R4. (sortie tangente)
N1140 G40 G1 X15. Y50.
N1150 G0 Z20.
N1160 M99
%
