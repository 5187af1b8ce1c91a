%
O0012 (BAGUE FILETEE - TOURNAGE)
(Ce que ce programme enseigne : charioter au cycle G90, percer au cycle G74, aleser au cycle G71)
(interieur fini sous G41, gorger, puis fileter au cycle G76.)
(Barre D50 acier, origine Z0 sur la face avant finie, X en diametre, tourelle arriere X vers le haut.)
(T1 DCMT 11T304, T3 outil a gorge 3 mm, T4 outil a fileter 60 degres, T5 foret D18, T6 barre d'alesage.)
N10 G21 G40 G99 G18
N20 G50 S2500 (limite de broche avant G96)
N30 T0101
N40 G96 S180 M3
N50 G0 X54. Z0. M8
N60 G1 X-1.6 F0.15 (dressage de la face avant)
N70 G0 Z2.
N80 X52.
N90 G90 X48.8 Z-32. F0.25 (chariotage en deux passes)
N100 X48.
N110 G0 X100. Z50.
N120 T0505 (foret D18)
N130 G97 S600 M3
N140 G0 X0. Z5.
N150 G74 R1.
N160 G74 Z-38. Q8000 F0.08
N170 G0 X100. Z50.
N180 T0606 (barre d'alesage)
N190 G96 S150 M3
N200 G0 X17. Z2.
N210 G71 U1. R0.3
N220 G71 P230 Q270 U-0.3 W0.05 F0.15
N230 G0 X26.
N240 G1 Z0.
N250 X24. Z-1.
N260 Z-20.
N270 X17.
N280 G41 G0 X17. Z2.
N290 G70 P230 Q270 F0.08
N300 G40 G0 X16. Z5.
N310 X100. Z50.
N320 T0303 (outil a gorge)
N330 G97 S500 M3
N340 G0 X52. Z-23.
N350 G1 X42. F0.05
N360 G0 X52.
N370 T0404 (outil a fileter)
N380 G0 X52. Z5.
N390 G76 P010060 Q50 R0.02
N400 G76 X45.546 Z-21. P1227 Q300 F2.
N410 G0 X100. Z100. M9
N420 M5
N430 M30
%
