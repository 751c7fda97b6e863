(function(){
var K='nx-last-list',off=document.getElementById('offline'),results=document.getElementById('results');
function list(){return document.getElementById('list');}
function showOffline(){off.style.display='block';}
window.addEventListener('offline',showOffline);
if(!navigator.onLine){showOffline();}
function remember(){var l=list();if(l&&l.querySelector('.st')){try{localStorage.setItem(K,JSON.stringify({html:l.innerHTML,url:location.href,t:Date.now()}));}catch(e){}}}
function last(){try{return JSON.parse(localStorage.getItem(K)||'null');}catch(e){return null;}}
var loc=document.getElementById('locating');
if(!loc){remember();return;}
/* Still finding the rider: the last known place's list (if any) and the township picker. */
var fb=document.getElementById('fallback'),msg=document.getElementById('geo-msg'),prev=last();
if(prev&&list()&&!list().querySelector('.st')){
  list().innerHTML='<p class="muted" id="last-note">先显示上次位置附近的站点，定位后自动更新。</p>'+prev.html;
  if(!navigator.onLine){showOffline();}
}
function fail(text){loc.textContent='未能获取位置';if(fb){fb.hidden=false;}if(msg&&text){msg.firstChild.textContent=text;}}
if(!window.nxFix){fail('此浏览器不能定位。');return;}
window.nxFix.then(function(r){
  results.innerHTML=r.html;history.replaceState(null,'',r.url);remember();
},function(why){
  if(why==='offline'){loc.textContent='网络不可用';showOffline();}else{fail('没有定位权限或定位失败。');}
});
})();
