// A device picker (camera or microphone) built on react-aria-components' Select and ListBox:
// the visible label is the accessible label. It shows devices; choosing one is the caller's job.
import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { DeviceOption } from '../../media/localMedia';

export interface DeviceSelectProps {
  label: string;
  kindName: string;
  devices: readonly DeviceOption[];
  selectedId: string | null;
  onSelect(deviceId: string): void;
}

export function DeviceSelect({ label, kindName, devices, selectedId, onSelect }: DeviceSelectProps) {
  const { t } = useTranslation();
  const items = devices.map((d, i) => ({ id: d.deviceId, name: d.label !== '' ? d.label : t('lobby.deviceNumbered', { kind: kindName, n: i + 1 }) }));
  const value = selectedId !== null && items.some((i) => i.id === selectedId) ? selectedId : (items[0]?.id ?? null);
  const onChange = (key: Key | null) => {
    if (key !== null) onSelect(String(key));
  };
  return (
    <Select
      className="select"
      value={value}
      onChange={onChange}
      isDisabled={items.length === 0}
      placeholder={t('lobby.noDevice')}
    >
      <Label className="label">{label}</Label>
      <Button className="select-trigger">
        <SelectValue className="select-value" />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="listbox" items={items}>
          {(item) => (
            <ListBoxItem className="listbox-item" id={item.id} textValue={item.name}>
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </Select>
  );
}
