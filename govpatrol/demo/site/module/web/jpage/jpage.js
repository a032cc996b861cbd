/* 大汉 jpage stand-in: the real plugin fetches dataproxy.jsp and renders records */
(function($){ if($ && $.fn){ $.fn.jpage = function(){ return this; }; } })(window.jQuery);
