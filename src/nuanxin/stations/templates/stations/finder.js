(function(){
var K='nx-last-list',list=document.getElementById('list'),off=document.getElementById('offline');
if('serviceWorker' in navigator){navigator.serviceWorker.register('/stations/sw.js',{scope:'/stations/'}).catch(function(){});}
function showOffline(){off.style.display='block';}
window.addEventListener('offline',showOffline);
if(!navigator.onLine){showOffline();}
var hasList=list&&list.querySelector('.st');
try{
  if(hasList){localStorage.setItem(K,JSON.stringify({html:list.innerHTML,url:location.href,t:Date.now()}));}
  else if(!navigator.onLine){var last=JSON.parse(localStorage.getItem(K)||'null');if(last){list.innerHTML=last.html;showOffline();}}
}catch(e){}
var loc=document.getElementById('locating');
if(loc){
  var fb=document.getElementById('fallback'),msg=document.getElementById('geo-msg');
  function fail(text){loc.textContent='未能获取位置';if(fb){fb.hidden=false;}if(msg&&text){msg.firstChild.textContent=text;}}
  if(!navigator.geolocation){fail('此浏览器不能定位。');return;}
  navigator.geolocation.getCurrentPosition(function(p){
    var u=new URL(location.href);u.searchParams.set('lat',p.coords.latitude.toFixed(6));u.searchParams.set('lng',p.coords.longitude.toFixed(6));
    u.searchParams.delete('region');u.searchParams.set('crs','wgs84');location.replace(u.toString());
  },function(){fail('没有定位权限或定位失败。');},{enableHighAccuracy:true,timeout:8000,maximumAge:60000});
}
})();
