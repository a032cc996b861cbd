// TRS WCM pager: writes the page links; there are no <a> tags in the HTML itself
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount <= 1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  function name(i){ return i == 0 ? _sPageName + '.' + _sPageExt : _sPageName + '_' + i + '.' + _sPageExt; }
  if(nCurrIndex > 0){ document.write('<a href="' + name(nCurrIndex - 1) + '">上一页</a> '); }
  for(var i = 0; i < _nPageCount; i++){
    if(i == nCurrIndex){ document.write('<span>' + (i + 1) + '</span> '); }
    else { document.write('<a href="' + name(i) + '">' + (i + 1) + '</a> '); }
  }
  if(nCurrIndex < _nPageCount - 1){ document.write('<a href="' + name(nCurrIndex + 1) + '">下一页</a>'); }
}
