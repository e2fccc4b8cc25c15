export interface TabItem {
  id: string;
  label: string;
}

/** The tab strip only; the owner renders the active panel with role="tabpanel". */
export function Tabs({ tabs, active, onSelect, label }: { tabs: TabItem[]; active: string; onSelect: (id: string) => void; label: string }) {
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === active}
          aria-controls={`panel-${tab.id}`}
          className={tab.id === active ? 'tab tab-active' : 'tab'}
          onClick={() => onSelect(tab.id)}
        >
          {tab.label}
        </button>
      ))}
    </div>
  );
}
