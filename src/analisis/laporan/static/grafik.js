/* analisis: draws the Vega-Lite charts of an exported report, offline.
 *
 * Every chart is a <div class="grafik-vega"> holding a <script type="application/json"
 * class="spesifikasi-vega"> with its Vega-Lite specification (written by
 * analisis.laporan.ekspor). Vega, Vega-Lite and vega-embed are loaded before this file from
 * the shared _static folder. Numbers follow the Indonesian locale carried by each spec
 * (config.locale); menu labels are Indonesian. A chart that fails shows a message instead
 * of breaking the others. The box holds a note until the chart is drawn (what a reader sees
 * when this file cannot be loaded); it is cleared here before drawing.
 */
(function () {
  "use strict";
  var TEKS_MENU = {
    SVG_ACTION: "Simpan sebagai SVG",
    PNG_ACTION: "Simpan sebagai PNG",
    CLICK_TO_VIEW_ACTIONS: "Klik untuk melihat menu",
    COMPILED_ACTION: "Lihat Vega hasil kompilasi",
    EDITOR_ACTION: "Buka di Vega Editor",
    SOURCE_ACTION: "Lihat spesifikasi",
  };
  function gambar(wadah) {
    if (wadah.getAttribute("data-digambar")) return;
    wadah.setAttribute("data-digambar", "1");
    var skrip = wadah.querySelector("script.spesifikasi-vega");
    var target = wadah.querySelector(".grafik-vega-isi");
    if (!skrip || !target) return;
    var gagal = function (pesan) {
      wadah.setAttribute("data-status", "gagal");
      target.textContent = "Grafik tidak dapat ditampilkan: " + pesan;
    };
    if (typeof window.vegaEmbed !== "function") {
      gagal("pustaka Vega tidak termuat (folder _static tidak ditemukan).");
      return;
    }
    var spes;
    try {
      spes = JSON.parse(skrip.textContent);
    } catch (e) {
      gagal("spesifikasi rusak.");
      return;
    }
    target.textContent = "";
    window
      .vegaEmbed(target, spes, {
        mode: "vega-lite",
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
        i18n: TEKS_MENU,
        tooltip: { theme: "light" },
      })
      .then(function () {
        wadah.setAttribute("data-status", "siap");
      })
      .catch(function (e) {
        gagal(String((e && e.message) || e));
      });
  }
  function mulai() {
    var semua = document.querySelectorAll("div.grafik-vega");
    for (var i = 0; i < semua.length; i++) gambar(semua[i]);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mulai);
  else mulai();
})();
