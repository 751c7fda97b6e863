/* Runs in <head>, before the stylesheet: ask for the fix and fetch the located list at once,
   so the list arrives one round trip after the page instead of a whole page reload later. */
(function(){
if(!navigator.geolocation||!window.fetch||!window.Promise)return;
window.nxFix=new Promise(function(ok,no){
  navigator.geolocation.getCurrentPosition(function(p){
    var u=new URL(location.href);u.searchParams.set('lat',p.coords.latitude.toFixed(6));
    u.searchParams.set('lng',p.coords.longitude.toFixed(6));u.searchParams.set('crs','wgs84');
    u.searchParams.delete('region');u.searchParams.set('partial','1');
    fetch(u.toString(),{credentials:'same-origin'}).then(function(r){if(!r.ok)throw new Error(r.status);return r.text();})
      .then(function(html){u.searchParams.delete('partial');ok({html:html,url:u.toString()});},function(){no('offline');});
  },function(){no('denied');},{enableHighAccuracy:true,timeout:8000,maximumAge:60000});
});
window.nxFix.catch(function(){});
})();
