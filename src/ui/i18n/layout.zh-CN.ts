// 面板排列的中文文案（并入 zh-CN.ts）。
import type { layoutEn } from './layout.en';

export const layoutZhCN: Record<keyof typeof layoutEn, string> = {
  'layout.handle': '移动“{panel}”面板（拖动，或打开菜单；Alt+方向键直接移动）',
  'layout.menu': '排列“{panel}”面板',
  'layout.up': '上移',
  'layout.down': '下移',
  'layout.left': '移到左栏',
  'layout.right': '移到右栏',
  'layout.hide': '隐藏此面板',
  'layout.reset': '恢复默认布局',
  'layout.resetTip': '所有面板回到原位并全部显示',
  'layout.pagePanels': '页面面板',
  'layout.sideTabs': '侧栏标签页',
  'layout.sidePanel': '事件 / MVCC / …',
  'layout.moved': '“{panel}”已移动：第 {col} 栏，第 {row} 个',
  'layout.hidden': '“{panel}”已隐藏（可在“面板”菜单中重新显示）',
  'layout.wasReset': '布局已恢复默认',
  'layout.dropHere': '把面板放到这里',
};
