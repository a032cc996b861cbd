// Builds tests/data/office/gongshi.xls: a 公示 list as county offices publish it in .xls.
const XLSX = require('xlsx');
const rows = [
  ['江河县2026年公开招聘事业单位工作人员拟聘用人员名单'],
  ['现将拟聘用人员名单予以公示，请各单位认真布署，公示期间如有异议请向县人社局反映。'],
  ['序号', '姓名', '身份证号', '联系电话', '拟聘岗位', '公示日期'],
  [1, '赵某', '430421196807153157', 13645678901, '初中语文教师', new Date(Date.UTC(2026, 10, 5))],
  [2, '钱某', '430421********3180', '139****5678', '小学数学教师', new Date(Date.UTC(2026, 10, 5))],
];
const ws = XLSX.utils.aoa_to_sheet(rows, {cellDates: true});
const wb = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(wb, ws, '拟聘用人员');
XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['联系人', '县人社局办公室'], ['咨询电话', '0731-5551234']]), '联系方式');
XLSX.writeFile(wb, process.argv[2], {bookType: 'biff8'});
