'use strict';
// 小区 — the big screen's layer of compounds (docs/BASE-DATA.md): from zoom 15, each compound in view drawn by its
// outline (a dashed ring where it has only a point), its name, type and property company on hover; a click opens its status
// map (房态图). Asked again when the view settles, like the other layers of the city map (screen.js).

/// The layer on `map`, marking on `view` how many compounds it drew (`data-compounds`); `draw()` asks again.
function screenCompoundLayer(map, view) {
  const layer = L.layerGroup().addTo(map);
  let asked = 0;
  async function draw() {
    const ticket = ++asked;
    if (!map.hasLayer(layer) || map.getZoom() < 15) { layer.clearLayers(); view.dataset.compounds = '0'; return; }
    const b = map.getBounds();
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map(x => x.toFixed(5)).join(',');
    const found = await api(`/api/v1/compounds/map?bbox=${bbox}`);
    if (ticket !== asked) return;
    layer.clearLayers();
    for (const c of found.compounds) {
      const tip = el('span', {}, [c.name, t(`base.type.${c.type}`), c.propertyCompany || t('screen.compoundSelfManaged')].join(' · '));
      const open = () => { location.hash = `#/status-maps?node=${c.nodeId}&compound=${c.id}`; };
      const shape = c.area
        ? L.geoJSON(c.area, { style: { color: '#f59e0b', weight: 2, dashArray: '6 4', fill: true, fillOpacity: 0.04 } })
        : L.circleMarker([c.location.lat, c.location.lon], { radius: 12, color: '#f59e0b', weight: 2, dashArray: '4 3', fillOpacity: 0.05 });
      shape.bindTooltip(tip).on('click', open).addTo(layer);
    }
    view.dataset.compounds = String(found.compounds.length);
  }
  map.on('overlayadd overlayremove', (e) => { if (e.layer === layer) draw().catch(() => {}); });
  return { layer, draw };
}
