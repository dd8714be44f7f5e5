import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, ja } from './messages';

export const LANGUAGES = ['ja', 'en'] as const;
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('pfw.admin.lang') : null;

void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: saved === 'en' ? 'en' : 'ja',
  fallbackLng: 'ja',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: 'ja' | 'en'): void {
  localStorage.setItem('pfw.admin.lang', lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export default i18n;
