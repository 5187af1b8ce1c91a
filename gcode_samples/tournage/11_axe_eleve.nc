%
O0011 (AXE EPAULE - TOURNAGE - VERSION ELEVE)
(Ce que ce programme enseigne : dresser la face, ebaucher au cycle G71, finir au cycle G70)
(sous correction de rayon de bec G42 : chanfrein 2 x 45, diametres, cone et epaulements.)
(Barre D40 acier, origine Z0 sur la face avant finie, X en diametre, tourelle arriere X vers le haut.)
(T1 ebauche DCMT 11T308, T2 finition DCMT 11T304, bec imaginaire en 3.)
N10 G21 G40 G99 G18
N30 T0101
N40 G96 S180 M3 (ERREUR : G96 sans limite G50 S)
N50 G0 X44. Z0. M8
N60 G1 X-1.6 F0.15 (dressage de la face avant)
N70 G0 Z2.
N80 X42.
N90 G71 U1.5 R0.5
N100 G71 P110 Q210 U0.4 W0.1 F0.25
N110 G0 X10.
N120 G1 Z0.
N130 X14. Z-2.
N140 Z-12.
N150 X15. (ERREUR : X en rayon au lieu du diametre 30)
N160 Z-25.
N170 X36. Z-35.
N180 Z-45.
N190 X38.
N200 Z-52.
N210 X42.
N220 G0 X100. Z100.
N230 T0202
N240 G96 S220 M3
N250 G0 X45. Z5.
N260 G42 G0 X42. Z2.
N270 G70 P110 Q210 F0.1
N280 G40 G0 X100. Z100.
N285 G0 Z-60. (ERREUR : rapide dans les mors du mandrin)
N290 M9
N300 M5
N310 M30
%
