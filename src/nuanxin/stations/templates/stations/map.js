(function(){
var d=JSON.parse(document.getElementById('map-data').textContent),el=document.getElementById('map');
var z=15,W=function(){return 256*Math.pow(2,z);};
function px(lng,lat){var s=Math.sin(lat*Math.PI/180);return[(lng+180)/360*W(),(0.5-Math.log((1+s)/(1-s))/(4*Math.PI))*W()];}
function ll(x,y){var lng=x/W()*360-180,n=Math.PI-2*Math.PI*y/W();return[lng,180/Math.PI*Math.atan(0.5*(Math.exp(n)-Math.exp(-n)))];}
function fit(){for(z=17;z>11;z--){var c=px(d.centre[0],d.centre[1]),ok=0;d.points.forEach(function(p){var q=px(p.lng,p.lat);if(Math.abs(q[0]-c[0])<el.clientWidth/2-20&&Math.abs(q[1]-c[1])<el.clientHeight/2-20)ok++;});if(ok>=Math.min(8,d.points.length))return;}}
function draw(){
  el.innerHTML='';var c=px(d.centre[0],d.centre[1]),w=el.clientWidth,h=el.clientHeight,ox=c[0]-w/2,oy=c[1]-h/2;
  if(d.tiles.url){var n=Math.pow(2,z);for(var tx=Math.floor(ox/256);tx<=Math.floor((ox+w)/256);tx++)for(var ty=Math.floor(oy/256);ty<=Math.floor((oy+h)/256);ty++){
    var i=document.createElement('img');i.className='tile';i.alt='';i.src=d.tiles.url.replace('{z}',z).replace('{x}',((tx%n)+n)%n).replace('{y}',ty).replace('{s}','1234'[Math.abs(tx+ty)%4]);
    i.style.left=(tx*256-ox)+'px';i.style.top=(ty*256-oy)+'px';i.onerror=function(){this.remove();};el.appendChild(i);}}
  var me=document.createElement('div');me.className='me';me.style.left=w/2+'px';me.style.top=h/2+'px';el.appendChild(me);
  d.points.forEach(function(p,k){var q=px(p.lng,p.lat),a=document.createElement('a');a.className='pin'+(p.open?'':' shut');a.href='/stations/'+p.id+'/';a.textContent=k+1;a.title=p.name;a.setAttribute('aria-label',(k+1)+' '+p.name);
    a.style.left=(q[0]-ox)+'px';a.style.top=(q[1]-oy)+'px';el.appendChild(a);});
  var mpp=156543.03*Math.cos(d.centre[1]*Math.PI/180)/Math.pow(2,z);document.getElementById('scale').textContent='每格约 '+Math.round(mpp*64)+' 米';
}
el.addEventListener('click',function(e){if(el._nxmap||e.target.closest('a'))return;var r=el.getBoundingClientRect(),c=px(d.centre[0],d.centre[1]);
  var p=ll(c[0]-el.clientWidth/2+e.clientX-r.left,c[1]-el.clientHeight/2+e.clientY-r.top);
  location.href='/stations/?lat='+p[1].toFixed(6)+'&lng='+p[0].toFixed(6)+'&crs='+encodeURIComponent(d.tiles.crs||'wgs84');});
document.getElementById('zin').onclick=function(){if(el._nxmap)return el._nxmap.zoomIn();z=Math.min(18,z+1);draw();};
document.getElementById('zout').onclick=function(){if(el._nxmap)return el._nxmap.zoomOut();z=Math.max(8,z-1);draw();};
function schematic(){fit();draw();}
/* A real base map when tiles load (markers in the tiles' system); else the schematic. */
var lf=window.NXMap&&NXMap.mount(el,{tiles:d.tiles,centre:d.centre,zoom:15,me:d.centre,fit:true,
  markers:d.points.map(function(p,k){return{at:[p.lng,p.lat],label:String(k+1),title:p.name,href:'/stations/'+p.id+'/',open:p.open};})},schematic);
if(lf)lf.on('click',function(e){location.href='/stations/?lat='+e.latlng.lat.toFixed(6)+'&lng='+e.latlng.lng.toFixed(6)+'&crs='+encodeURIComponent(d.tiles.crs||'wgs84');});
else if(!window.NXMap)schematic();
})();
