//! The brief's one stylesheet (inline; the CSP allows nothing else): readable from 360 px wide up,
//! tables in scrolling wrappers on screen, and an A4 print layout that keeps tables and figures whole.

pub(super) const CSS: &str = r#"
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0 auto;max-width:64rem;padding:1rem;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1b1b1b;background:#fff;overflow-wrap:break-word}
h1{font-size:1.6rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.35rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;border-bottom:3px solid #2b5d8a}
h3{font-size:1.1rem;margin:1.6rem 0 .4rem;color:#1f4466}
a{color:#1a4f8b}
.lede{color:#333;margin-top:0}
.contents{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;list-style:none}
.statements{padding-left:1.2rem}
.statements li{margin:.3rem 0}
.detail{color:#444}
.none{color:#444;font-style:italic}
.technical{font-size:.8rem;color:#555}
h4{font-size:1rem;margin:1.2rem 0 .3rem}
.unpooled{padding-left:1.2rem}.unpooled li{margin:.3rem 0}
.why{color:#444;font-size:.9em}
.skipped{font-size:.9rem;color:#333;margin:.4rem 0}
td .result{display:block;margin-top:.2rem;font-weight:600}
@media (min-width:40.01rem){table.trials td.primary{width:30%}table.sof td:last-child{width:4.5rem}}
.cert{display:inline-block;white-space:nowrap;padding:0 .35rem;border:1px solid #777;border-radius:3px;font-size:.9em}
.cert-high{background:#e3f1e6}.cert-moderate{background:#edf3e0}.cert-low{background:#fbf1d9}.cert-very-low{background:#f9e3de}
.scroll{overflow-x:auto;max-width:100%;margin:.5rem 0}
.scroll:focus{outline:2px solid #2b5d8a}
table{border-collapse:collapse;font-size:.88rem;width:100%}
caption{caption-side:top;text-align:left;font-weight:600;padding:.3rem 0}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
thead th{background:#eef3f8}
tbody th{font-weight:600}
table.sof{min-width:52rem}
table.sof tbody th{min-width:8rem}
table.trials{min-width:46rem}
td.num{text-align:right;white-space:nowrap}
.title,.reg{display:block;font-weight:normal;font-size:.85em;color:#444}
.pm{font-weight:normal;font-size:.85em}
.rob{white-space:nowrap;padding:0 .3rem;border-radius:3px;border:1px solid #777}
.rob-L{background:#fdf6b5}.rob-S{background:#cfe9e7}.rob-H{background:#e6d5ec}.rob-ni{background:#eee}
.notes,.method,.stamp{font-size:.85rem;color:#333;padding-left:1.1rem}
.notes li,.method li{margin:.15rem 0}
.method-head{margin:.6rem 0 0;font-weight:600;font-size:.9rem}
figure{margin:1rem 0}
.svg{overflow-x:auto}
svg{max-width:100%;height:auto;display:block}
.swipe{display:none;margin:.2rem 0 0;font-size:.8rem;color:#555}
figcaption{font-size:.85rem;color:#333;margin-top:.3rem}
.claim{border-left:4px solid #2b5d8a;padding:.1rem 0 .1rem .8rem;margin:1rem 0}
blockquote{margin:.2rem 0;font-style:italic}
.source{margin:.1rem 0;font-size:.85rem;color:#444}
.verdict{display:inline-block;font-weight:600;padding:0 .35rem;border:1px solid #777;border-radius:3px}
.v-accurate{background:#e3f1e6}.v-imprecise{background:#fbf1d9}.v-overstated{background:#fde2c8}.v-wrong{background:#f9d6d0}.v-unverifiable,.v-no-trial{background:#eee}
code{font-size:.85em;word-break:break-all}
.icon-row{display:flex;flex-wrap:wrap;gap:.5rem 2rem}
.icon-row svg{flex:0 0 auto}
td .cert .label{display:none}
@media (max-width:40rem){
body{padding:.6rem;font-size:15px}h1{font-size:1.3rem}h2{font-size:1.15rem}
table.reflow{min-width:0;display:block}
.reflow thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.reflow caption,.reflow tbody,.reflow tr,.reflow th,.reflow td{display:block;width:100%}
.reflow tr{border:1px solid #999;margin:0 0 .8rem}
.reflow th,.reflow td{border:0;border-top:1px solid #ddd}
.reflow tbody th{border-top:0;background:#eef3f8}
.reflow td::before{content:attr(data-label);display:block;font-weight:600;font-size:.8em;color:#555}
td.num{text-align:left}
.plot .svg svg{max-width:none}
.swipe{display:block}
}
@page{size:A4;margin:14mm 12mm}
@media print{
body{max-width:none;padding:0;font-size:9.5pt;line-height:1.35}
a{color:inherit;text-decoration:none}
h2{break-after:avoid;margin-top:0}
h3{break-after:avoid}
section.condition+section.condition{break-before:page}
.scroll,.svg{overflow:visible}
table.sof,table.trials{min-width:0;font-size:7.5pt}
table,figure,.claim,tr{break-inside:avoid}
thead{display:table-header-group}
.scroll:focus{outline:none}
}
"#;
